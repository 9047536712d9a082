import type { Server } from 'node:http';

export function docsBase(env?: NodeJS.ProcessEnv): string;
export function serveDocs(options?: { dir?: string; base?: string; port?: number }): Promise<{
  url: string;
  close: () => Promise<undefined>;
  server: Server;
}>;
