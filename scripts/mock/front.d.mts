export function isLoopback(host: string): boolean;
export function allowedHostNames(host: string, extra?: string[]): Set<string>;

import type { Server } from 'node:http';

import type { AstraSimulator } from '../../src/mock/index.js';

export function startFront(options: {
  spec: unknown;
  core?: AstraSimulator;
  stateful?: boolean;
  port?: number;
  host?: string;
  upstream: string | string[];
  allowedHosts?: string[];
  upstreamTimeoutMs?: number;
  maxBodyBytes?: number;
  log?: (line: string) => void;
  alarm?: (line: string) => void;
}): Promise<{ url: string; port: number; server: Server; addUpstream(url: string): void; close(): Promise<void> }>;
