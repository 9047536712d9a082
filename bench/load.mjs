// A load generator, run as its own process so that its CPU is not the server's:
//   node bench/load.mjs URL SECONDS CONCURRENCY [WARMUP_SECONDS]
// keeps CONCURRENCY GET requests in flight for SECONDS (after a warm-up, 2.5 s unless
// given), and prints { requests, rps, p50Ms, p99Ms, errors } as JSON.
import { Agent, request } from 'node:http';

const [url, seconds = '4', concurrency = '16', warmup = '2.5'] = process.argv.slice(2);
const target = new URL(url);
const agent = new Agent({ keepAlive: true, maxSockets: Number(concurrency) });
const headers = { authorization: 'Bearer bench-token', accept: 'application/json, application/astra-appBackup+json' };

function once() {
  return new Promise((resolve) => {
    const started = process.hrtime.bigint();
    const req = request(target, { agent, headers }, (res) => {
      res.resume();
      res.on('end', () => resolve({ ok: res.statusCode === 200, ms: Number(process.hrtime.bigint() - started) / 1e6 }));
    });
    req.on('error', () => resolve({ ok: false, ms: 0 }));
    req.end();
  });
}

async function run(durationMs, record) {
  const end = performance.now() + durationMs;
  const workers = Array.from({ length: Number(concurrency) }, async () => {
    while (performance.now() < end) record(await once());
  });
  await Promise.all(workers);
}

// Warm-up first: Prism's JIT takes a few thousand requests to settle.
await run(Number(warmup) * 1_000, () => {});
const latencies = [];
let errors = 0;
const started = performance.now();
await run(Number(seconds) * 1_000, ({ ok, ms }) => {
  if (ok) latencies.push(ms);
  else errors++;
});
const elapsed = (performance.now() - started) / 1_000;
latencies.sort((a, b) => a - b);
const at = (q) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
console.log(
  JSON.stringify({
    requests: latencies.length,
    rps: latencies.length / elapsed,
    p50Ms: at(0.5),
    p99Ms: at(0.99),
    errors,
  }),
);
agent.destroy();
