// Where the fuzzer sends its requests: a Fetch handler in this process (the simulator
// core), or a server over HTTP (raw node:http, so that nothing normalises the path, the
// method or the body on the way). Also what a run reads to see whether anything
// changed: every backup's id and name, page after page, and the run's settings.
import { request as httpRequest } from 'node:http';
import fc from 'fast-check';
import { expect } from 'vitest';
import type { FuzzRequest, Pools } from './arbitraries.js';
import { bearer, type Json, type JsonObject, operations } from './operations.js';
import type { FuzzAnswer } from './oracle.js';

export interface Target {
  name: string;
  send(request: FuzzRequest): Promise<FuzzAnswer>;
}

/** A target that answers through `handle(Request)` in this process. */
export function handlerTarget(name: string, handle: (request: Request) => Promise<Response>): Target {
  return {
    name,
    async send(r) {
      const init: RequestInit = { method: r.method, headers: r.headers };
      if (r.body !== undefined) init.body = r.body;
      const response = await handle(new Request(`http://simulator.test${r.path}${r.query}`, init));
      return { status: response.status, headers: response.headers, text: await response.text() };
    },
  };
}

/** A target over HTTP at `base`; an answer that takes longer than `timeoutMs` is a failure. */
export function httpTarget(name: string, base: string, timeoutMs = 10_000): Target {
  const { hostname, port } = new URL(base);
  return {
    name,
    send(r) {
      return new Promise((resolve, reject) => {
        const body = r.body === undefined ? undefined : Buffer.from(r.body, 'utf8');
        const outgoing = httpRequest({
          host: hostname,
          port,
          method: r.method,
          path: `${r.path}${r.query}`,
          headers: { ...r.headers, ...(body ? { 'content-length': String(body.length) } : {}) },
        });
        const timer = setTimeout(() => outgoing.destroy(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
        outgoing.on('error', (error) => {
          clearTimeout(timer);
          reject(error);
        });
        outgoing.on('response', (incoming) => {
          const chunks: Buffer[] = [];
          incoming.on('data', (c: Buffer) => chunks.push(c));
          incoming.on('error', reject);
          incoming.on('end', () => {
            clearTimeout(timer);
            const headers = new Headers();
            for (const [key, value] of Object.entries(incoming.headers))
              if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
            resolve({ status: incoming.statusCode ?? 0, headers, text: Buffer.concat(chunks).toString('utf8') });
          });
        });
        outgoing.end(body);
      });
    },
  };
}

const listOperation = (() => {
  const op = operations.find((o) => o.method === 'GET' && o.parameters.filter((p) => p.in === 'path').length === 1);
  if (!op) throw new Error('the spec has no account-wide list');
  return op;
})();
const accountParam = listOperation.parameters.find((p) => p.in === 'path')?.name ?? '';

/** `id name` of every backup of each account, sorted: what must not change after a refused request. */
export async function backupsOf(target: Target, accounts: string[]): Promise<string[]> {
  const seen: string[] = [];
  for (const account of accounts) {
    let query = '';
    for (let page = 0; page < 1_000; page++) {
      const answer = await target.send({
        operationId: listOperation.operationId,
        method: 'GET',
        path: listOperation.path.replace(`{${accountParam}}`, account),
        query,
        headers: { [bearer.header]: `${bearer.prefix}fuzz-snapshot` },
      });
      if (answer.status !== 200) throw new Error(`listing ${account} answered ${answer.status}: ${answer.text}`);
      const list = JSON.parse(answer.text) as { items: JsonObject[]; metadata?: { continue?: string } };
      for (const item of list.items) seen.push(`${account} ${item.id as Json} ${item.name as Json}`);
      const next = list.metadata?.continue;
      if (!next) break;
      query = `?continue=${encodeURIComponent(next)}`;
    }
  }
  return seen.sort();
}

/**
 * Ids to build valid paths from: the given accounts and the backups they hold now (so
 * that a DELETE may hit a backup that exists, and "nothing changed" means something).
 */
export async function poolsOf(target: Target, accounts: string[]): Promise<Pools> {
  const one = operations.find((o) => o.method === 'GET' && o.path.endsWith('}'));
  const backupParam = /\{([^}]+)\}$/.exec(one?.path ?? '')?.[1] ?? '';
  const ids = (await backupsOf(target, accounts)).map((line) => line.split(' ')[1] as string);
  return new Map([
    [accountParam, accounts],
    [backupParam, ids],
  ]);
}

/**
 * Checks a property with `parameters` (see `settings`), and says on stderr how many
 * runs it made in how long, so that a time cap that cuts a run short is visible.
 */
export async function fuzz<T>(
  property: fc.IAsyncProperty<T>,
  parameters: fc.Parameters<unknown>,
  /** Runs made whatever the time cap, so that a busy machine still checks something. */
  minRuns = 10,
): Promise<void> {
  const name = expect.getState().currentTestName ?? 'a property';
  const started = performance.now();
  let details = await fc.check(property, parameters as fc.Parameters<T>);
  // The cap cut the run short of the minimum (fast-check calls a run with no success a
  // failure): run the first `minRuns` again (same seed), without the cap.
  if (details.interrupted && details.counterexample === null && details.numRuns < minRuns) {
    const { plugins: _, ...uncapped } = parameters;
    const numRuns = Math.min(minRuns, parameters.numRuns ?? minRuns);
    details = await fc.check(property, { ...uncapped, numRuns } as fc.Parameters<T>);
  }
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.error(`fuzz: ${name}: ${details.numRuns} runs in ${seconds} s (seed ${details.seed})`);
  if (details.failed) {
    const cause = details.errorInstance;
    const why = cause instanceof Error ? cause.message : String(cause);
    throw new Error(`${why}\n\n${await fc.asyncDefaultReportMessage(details)}`, { cause });
  }
}

/**
 * The run's settings: a fixed seed and a run count for `npm test`, which FUZZ_SEED and
 * FUZZ_RUNS override for a longer run by hand (`npm run test:fuzz`). `runs` scales the
 * count each property asks for; `timeMs` caps each property's wall time.
 */
export function settings(defaultRuns: number, defaultTimeMs: number): fc.Parameters<unknown> {
  const seed = Number(process.env.FUZZ_SEED ?? 20261201);
  const scale = process.env.FUZZ_RUNS ? Number(process.env.FUZZ_RUNS) / 100 : 1;
  const long = process.env.FUZZ_RUNS !== undefined;
  const numRuns = Math.max(1, Math.round(defaultRuns * scale));
  return {
    seed,
    numRuns,
    // The long run gets time in proportion; `npm test` keeps its cap whatever the machine's load.
    plugins: [fc.interruptAfterTimeLimit(long ? defaultTimeMs * scale * 2 : defaultTimeMs)],
    endOnFailure: false,
    verbose: 1,
  };
}
