// TEMPORARY stand-in for `src/mock` (createAstraSimulator), which another engineer is
// building: the same interface over the simulator behind `npm start` (scripts/mock).
// Replaced by an import of src/mock once it lands on main.
import { readFileSync } from 'node:fs';
import { createSimulator } from '../../scripts/mock/simulator.mjs';

export { EXAMPLE_ACCOUNT, EXAMPLE_APPS, EXAMPLE_BACKUP, EXAMPLE_COMPLETED_BACKUP } from '../../scripts/mock/seed.mjs';

const spec: unknown = JSON.parse(readFileSync(new URL('../../dist/openapi.json', import.meta.url), 'utf8'));

export interface AstraSimulator {
  handle(request: Request): Promise<Response>;
  fetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response>;
  reset(): void;
}

export function createAstraSimulator(options: { backupMs?: number; now?: () => number } = {}): AstraSimulator {
  let sim = createSimulator({ spec, ...options });
  const handle = async (request: Request): Promise<Response> => {
    const url = new URL(request.url);
    const body = request.method === 'GET' || request.method === 'HEAD' ? undefined : await request.arrayBuffer();
    const answer = sim.handle({
      method: request.method,
      path: url.pathname,
      query: url.searchParams,
      headers: Object.fromEntries(request.headers),
      body: body?.byteLength ? Buffer.from(body) : undefined,
    });
    const text = answer.body === undefined ? null : JSON.stringify(answer.body);
    return new Response(text, { status: answer.status, headers: answer.headers });
  };
  return {
    handle,
    fetch: (input, init) => handle(new Request(input, init)),
    reset: () => {
      sim = createSimulator({ spec, ...options });
    },
  };
}
