// A fetch that records each request and answers from a list of handlers, one per call.

import type { AstraClientOptions } from '../../src/sdk/index.js';
import { createAstraClient } from '../../src/sdk/index.js';

export interface Seen {
  /** Held strongly, as a live connection would: undici's Request follows init.signal through a weak reference. */
  request: Request;
  method: string;
  url: URL;
  headers: Headers;
  body: string;
}

export type Handler = (request: Request) => Response | Promise<Response>;

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
}

export function problem(status: number, code: number, title: string, extra: Record<string, unknown> = {}): Response {
  return new Response(
    JSON.stringify({
      type: `https://astra.netapp.io/problems/${code}`,
      title,
      detail: `${title} detail`,
      status: String(status),
      ...extra,
    }),
    { status, headers: { 'content-type': 'application/problem+json' } },
  );
}

export function fakeFetch(...handlers: Handler[]) {
  const seen: Seen[] = [];
  let call = 0;
  // As the real fetch does, fetch(url, init) acts on new Request(url, init).
  const fetch = async (input: string | Request, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    seen.push({
      request,
      method: request.method,
      url: new URL(request.url),
      headers: request.headers,
      body: request.body ? await request.clone().text() : '',
    });
    const handler = handlers[Math.min(call++, handlers.length - 1)];
    if (!handler) throw new Error('fakeFetch: no handler');
    return handler(request);
  };
  return { fetch, seen };
}

export const ACCOUNT = '9ff53b28-2a88-4b1c-8b4a-2d3c1a4f0b5e';
export const APP = '2b7d3f5c-1e8a-4c6b-9d0e-7f1a2b3c4d5e';
export const BACKUP_ID = '54fe651d-3d3b-5fa8-b85c-5db757885ff3';
export const TOKEN = 'sk-secret-token-123';

export function backup(overrides: Record<string, unknown> = {}) {
  return {
    type: 'application/astra-appBackup',
    version: '1.1',
    id: BACKUP_ID,
    name: 'app-name-245',
    bucketID: '0afbe357-a717-4c7a-8b3d-d0368959c8de',
    state: 'pending',
    stateUnready: [],
    metadata: {
      labels: [],
      creationTimestamp: '2022-10-06T20:58:16.305662Z',
      modificationTimestamp: '2022-10-06T20:58:16.305662Z',
      createdBy: 'u',
    },
    ...overrides,
  };
}

/** A client on a fake fetch, with no real sleeping: delays are recorded instead. */
export function clientWith(handlers: Handler[], options: Partial<AstraClientOptions> = {}) {
  const { fetch, seen } = fakeFetch(...handlers);
  const delays: number[] = [];
  const client = createAstraClient(
    { accountId: ACCOUNT, token: TOKEN, baseUrl: 'https://astra.test', fetch, ...options },
    {
      random: () => 0,
      sleep: async (ms: number, signal?: AbortSignal | null) => {
        signal?.throwIfAborted();
        delays.push(ms);
      },
    },
  );
  return { client, seen, delays };
}
