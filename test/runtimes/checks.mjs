// The SDK checks every runtime runs, written once and runtime-neutral (no Node import):
// list with paging, get, create, wait, a typed 404 and 409, cancellation. `api` is the
// package as the runtime loaded it (import or require); `backend` says where the
// simulator answers (a `fetch` of its own, or a loopback URL).
const ACCOUNT = '9ff53b28-2a88-4b1c-8b4a-2d3c1a4f0b5e';
const SHOP = '2b7d3f5c-1e8a-4c6b-9d0e-7f1a2b3c4d5e';
const NIGHTLY = 'c0a8e9f2-5b7d-4e1a-9c3f-2d8b6a4e1f70';
const PENDING = '54fe651d-3d3b-5fa8-b85c-5db757885ff3';
const UNKNOWN = '00000000-0000-4000-8000-00000000dead';
/** Each check's bound: a runtime that hangs fails the check instead of the suite. */
const CHECK_BOUND_MS = 20_000;

export const SDK_CHECKS = ['list', 'get', 'create', 'wait', '404', '409', 'cancel'];

function expect(condition, message) {
  if (!condition) throw new Error(message);
}

function bounded(promise, name) {
  let timer;
  const limit = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${name}: no result within ${CHECK_BOUND_MS} ms`)), CHECK_BOUND_MS);
  });
  return Promise.race([promise, limit]).finally(() => clearTimeout(timer));
}

async function rejection(promise) {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('resolved, but a rejection was expected');
}

/**
 * Runs the checks; resolves with [{ check, ok, detail }], never rejects.
 * `backend`: 'simulator' (the simulator of `mock`, astra-app-backups/mock as this runtime
 * loaded it, answers through its own `fetch`: no network), or 'http' (the server at `baseUrl`,
 * or whatever intercepts the global fetch there, as MSW does).
 * `label` makes created names unique per runtime; `breakCheck` fails the list check on
 * purpose (RUNTIMES_BREAK), to show the suite names the runtime that broke.
 */
export async function runChecks(api, { backend = 'http', baseUrl, label, breakCheck = false }, mock) {
  let fetch;
  if (backend === 'simulator') {
    const simulator = mock.createAstraSimulator({ backupMs: 300 });
    fetch = simulator.fetch;
    baseUrl = 'http://astra.test';
  }
  const astra = api.createAstraClient({
    accountId: ACCOUNT,
    token: 'runtime-token',
    baseUrl,
    ...(fetch ? { fetch } : {}),
    maxRetries: 0,
  });
  const name = `rt-${label}-${Date.now().toString(36)}`
    .toLowerCase()
    .replace(/[^a-z0-9-]/g, '-')
    .slice(0, 60);
  let created;
  const checks = {
    list: async () => {
      const first = await astra.appBackups.listPage({ appId: NIGHTLY, limit: 100 });
      expect(first.items.length === 100 && typeof first.continue === 'string', 'the first page of 100 has no continue');
      let count = 0;
      for await (const backup of astra.appBackups.list({ appId: NIGHTLY, limit: 100, include: ['id', 'state'] })) {
        expect(
          typeof backup.id === 'string' && typeof backup.state === 'string',
          `item ${count} is ${JSON.stringify(backup)}`,
        );
        expect(!('name' in backup), `item ${count} has fields include did not ask for`);
        count += 1;
      }
      const expected = breakCheck ? 271 : 270;
      expect(count === expected, `listed ${count} backups over pages of 100, expected ${expected}`);
      return `${count} over 3 pages`;
    },
    get: async () => {
      const backup = await astra.appBackups.get(PENDING);
      expect(backup.id === PENDING && backup.state === 'pending', `got ${backup.id} ${backup.state}`);
      return backup.state;
    },
    create: async () => {
      const result = await astra.appBackups.create(SHOP, { name });
      created = result.backup;
      expect(typeof created.id === 'string' && created.name === name, `created ${JSON.stringify(created)}`);
      expect(
        typeof result.location === 'string' && result.location.endsWith(created.id),
        `location ${result.location}`,
      );
      return created.id;
    },
    wait: async () => {
      expect(created, 'nothing was created');
      const states = [];
      const done = await astra.appBackups.waitUntilDone(created.id, {
        appId: SHOP,
        minDelayMs: 25,
        maxDelayMs: 100,
        maxWaitMs: 15_000,
        onProgress: (b) => states.push(b.state),
      });
      expect(done.state === 'completed', `ended ${done.state}`);
      return states.join('>');
    },
    404: async () => {
      const error = await rejection(astra.appBackups.get(UNKNOWN));
      expect(error instanceof api.NotFoundError, `not a NotFoundError: ${error?.name} ${error?.message}`);
      expect(api.isProblemError(error) && error.status === 404, `status ${error?.status}`);
      return error.name;
    },
    409: async () => {
      const error = await rejection(astra.appBackups.delete(PENDING));
      expect(error instanceof api.ConflictError, `not a ConflictError: ${error?.name} ${error?.message}`);
      expect(error.status === 409 && error.code === 128, `status ${error.status}, problem ${error.code}`);
      return `${error.name} ${error.code}`;
    },
    cancel: async () => {
      // The seeded pending backup stays pending: the wait is cancelled in its first sleep.
      const controller = new AbortController();
      const error = await rejection(
        astra.appBackups.waitUntilDone(PENDING, {
          minDelayMs: 10_000,
          signal: controller.signal,
          onProgress: () => controller.abort(),
        }),
      );
      expect(error?.name === 'AbortError', `rejected with ${error?.name}: ${error?.message}`);
      return error.name;
    },
  };
  const results = [];
  for (const check of SDK_CHECKS) {
    try {
      const detail = await bounded(checks[check](), check);
      results.push({ check, ok: true, detail: String(detail) });
    } catch (error) {
      results.push({
        check,
        ok: false,
        detail: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
      });
    }
  }
  return results;
}

/** The line a runtime prints its results on; the harness reads it from stdout. */
export const RESULT_MARK = 'ASTRA_RUNTIME_RESULTS ';
