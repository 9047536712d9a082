// The packaged server for bench/limits.mjs, in a process of its own so that what it measures
// (its event loop, its memory) is the server's alone. argv[2] picks the state:
// - longest-list: one account holding every backup the limits allow, each at the byte limit;
// - reads: the seeded start;
// - largest-state: the largest state the limits allow, for a dump and load round trip.
// Answers the parent's questions over IPC.
import { createAstraSimulator, handleControl, SIMULATOR_LIMITS } from '../dist/mock.js';
import { startMockServer } from '../dist/mock-server.js';

const mode = process.argv[2];
const L = SIMULATOR_LIMITS;
const id = (prefix, n) => `00000000-0000-4000-${prefix}-${n.toString(16).padStart(12, '0')}`;

function backup(n, bytes) {
  const b = {
    type: 'application/astra-appBackup',
    version: '1.1',
    id: id('a000', n),
    name: `b-${n}`,
    bucketID: '0afbe357-a717-4c7a-8b3d-d0368959c8de',
    state: 'completed',
    stateUnready: [],
    metadata: {
      labels: [{ name: 'fill', value: '' }],
      creationTimestamp: '2026-11-01T00:00:00.000Z',
      modificationTimestamp: '2026-11-01T00:04:00.000Z',
      createdBy: '8f84cf09-8036-51e4-b579-bd30cb07b269',
    },
  };
  b.metadata.labels[0].value = 'x'.repeat(bytes - JSON.stringify(b).length);
  return b;
}

/** `count` backups at the byte limit in apps of at most backupsPerApp. */
function apps(count, from) {
  const out = [];
  for (let n = 0; n < count; n++) {
    const p = Math.floor(n / L.backupsPerApp);
    out[p] ??= { id: id('9000', from + p), backups: [] };
    out[p].backups.push(backup(from + n, L.bytesPerBackup));
  }
  return out;
}

const sim = createAstraSimulator({ backupMs: 10_000 });
const seeded = sim.dump().accounts.reduce((n, a) => n + a.apps.reduce((m, p) => m + p.backups.length, 0), 0);
const room = L.backups - seeded;
const account = id('8000', 1);
if (mode === 'longest-list') sim.load({ accounts: [{ id: account, apps: apps(room, 0) }] });
const server = await startMockServer({ port: 0, simulator: sim });

// The event loop's longest delay: a 1 ms timer that notes how late each tick is.
let last = performance.now();
let maxDelayMs = 0;
const tick = () => {
  const now = performance.now();
  maxDelayMs = Math.max(maxDelayMs, now - last - 1);
  last = now;
  setTimeout(tick, 1);
};
setTimeout(tick, 1);

const rssMb = () => {
  globalThis.gc?.();
  globalThis.gc?.();
  return process.memoryUsage().rss / 1_048_576;
};

process.on('message', async (what) => {
  if (what === 'reset-delay') {
    maxDelayMs = 0;
    last = performance.now();
    process.send({});
  } else if (what === 'read-delay') process.send({ maxDelayMs });
  else if (what === 'core-list') {
    // The core alone, in this process: sim.fetch, its body read to the end.
    maxDelayMs = 0;
    last = performance.now();
    const response = await sim.fetch(`${server.url}/accounts/${account}/topology/v1/appBackups`, {
      headers: { authorization: 'Bearer bench-limits' },
    });
    const bytes = (await response.arrayBuffer()).byteLength;
    process.send({ maxDelayMs, bytes });
  } else if (what === 'rss') process.send({ rssMb: rssMb(), accounts: sim.dump().accounts.length });
  else if (what === 'round-trip') {
    let peak = rssMb();
    const sample = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss / 1_048_576);
    }, 5);
    const perAccount = Math.ceil(room / (L.accounts - 1));
    const accounts = [];
    for (let n = 0, a = 1; n < room; n += perAccount, a++)
      accounts.push({ id: id('8000', a), apps: apps(Math.min(perAccount, room - n), n) });
    sim.load({ accounts });
    accounts.length = 0;
    peak = Math.max(peak, process.memoryUsage().rss / 1_048_576);
    const phases = [`loaded ${rssMb().toFixed(0)}`];
    // The dump as a client gets it, then loaded back as a client sends it.
    const dumped = await handleControl(sim, new Request(`${server.url}/__astra/fixtures`), { loopback: true });
    const bytes = new Uint8Array(await dumped.arrayBuffer());
    peak = Math.max(peak, process.memoryUsage().rss / 1_048_576);
    phases.push(`dumped ${(process.memoryUsage().rss / 1_048_576).toFixed(0)} (peak ${peak.toFixed(0)})`);
    sim.reset();
    const loaded = await handleControl(
      sim,
      new Request(`${server.url}/__astra/fixtures`, { method: 'POST', body: bytes }),
      {
        loopback: true,
      },
    );
    if (loaded.status !== 200) throw new Error(`the dump did not load back: ${loaded.status} ${await loaded.text()}`);
    peak = Math.max(peak, process.memoryUsage().rss / 1_048_576);
    phases.push(
      `reloaded ${(process.memoryUsage().rss / 1_048_576).toFixed(0)} (peak ${peak.toFixed(0)}), after gc ${rssMb().toFixed(0)}`,
    );
    if (process.env.BENCH_VERBOSE) console.error(phases.join('; '));
    clearInterval(sample);
    process.send({ peakRssMb: peak, dumpMb: bytes.byteLength / 1_048_576, backups: L.backups });
  }
});
process.on('SIGTERM', async () => {
  await server.close();
  process.exit(0);
});
process.send({ url: server.url, account, items: room });
