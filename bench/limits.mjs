// `node bench/limits.mjs` (and `npm run bench`, after the others): the simulator's bounds
// (SIMULATOR_LIMITS) measured on the packaged server (dist/), each in a server process of
// its own (bench/limits-server.mjs) that reports its own event loop and memory:
// - the event loop's longest delay in the server while it serves the longest list the limits
//   allow (every backup of one account at the byte limit), with other clients waiting;
// - RSS growth after 50k reads of distinct account ids over HTTP (reads create nothing);
// - RSS with the largest state the limits allow, dumped and loaded back (target: 256 MB).
// Writes its rows into bench/RESULTS.md between the `limits` markers.
import { fork } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const loads = [];
/** BENCH_ONLY=1,3 runs those rows alone (by hand; npm run bench runs them all). */
const only = process.env.BENCH_ONLY?.split(',').map(Number);
const runs = (row) => !only || only.includes(row);
const sampleLoad = () => loads.push(loadavg()[0]);

/** Starts bench/limits-server.mjs with `mode`; resolves with its URL and a way to ask it things. */
function server(mode) {
  const child = fork(join(root, 'bench', 'limits-server.mjs'), [mode], {
    execArgv: ['--expose-gc'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const waiting = [];
  child.on('message', (message) => waiting.shift()?.(message));
  const next = () => new Promise((resolve) => waiting.push(resolve));
  const ask = (what) => {
    const answer = next();
    child.send(what);
    return answer;
  };
  const stop = () =>
    new Promise((resolve) => {
      child.once('exit', resolve);
      child.kill('SIGTERM');
    });
  return next().then((ready) => ({ ...ready, ask, stop }));
}

const agent = new Agent({ keepAlive: true, maxSockets: 16 });
function get(url, path) {
  return new Promise((resolve, reject) => {
    const { hostname, port } = new URL(url);
    const outgoing = request(
      { host: hostname, port, path, agent, headers: { authorization: 'Bearer bench-limits' } },
      (incoming) => {
        let bytes = 0;
        incoming.on('data', (chunk) => {
          bytes += chunk.length;
        });
        incoming.on('end', () => resolve({ status: incoming.statusCode, bytes }));
        incoming.on('error', reject);
      },
    );
    outgoing.on('error', reject);
    outgoing.end();
  });
}

const rows = [];
const report = (name, value, target, met, note) => {
  rows.push(`| ${name} | ${value}${note ? ` (${note})` : ''} | ${target} | ${met ? 'met' : '**not met**'} |`);
  console.log(`${met ? 'met    ' : 'NOT MET'}  ${name}: ${value} (target ${target})${note ? ` - ${note}` : ''}`);
};

// 1. The longest list, with small requests from other clients alongside.
if (runs(1)) {
  const s = await server('longest-list');
  const delays = [];
  const sizes = [];
  const others = [];
  const baselines = [];
  for (let round = 0; round < ROUNDS; round++) {
    sampleLoad();
    await s.ask('reset-delay');
    const list = get(s.url, `/accounts/${s.account}/topology/v1/appBackups`);
    // Another client's small requests while the list is served: each should be answered promptly.
    const small = [];
    let done = false;
    void list.finally(() => {
      done = true;
    });
    while (!done) {
      const started = performance.now();
      await get(s.url, `/accounts/${s.account}/topology/v1/appBackups?limit=1&include=id`);
      small.push(performance.now() - started);
    }
    const { status, bytes } = await list;
    if (status !== 200) throw new Error(`the list answered ${status}`);
    const { maxDelayMs } = await s.ask('read-delay');
    delays.push(maxDelayMs);
    sizes.push(bytes);
    others.push(Math.max(...small));
    // The same stretch with small requests alone: what the machine's load costs by itself.
    await s.ask('reset-delay');
    for (const _ of small) await get(s.url, `/accounts/${s.account}/topology/v1/appBackups?limit=1&include=id`);
    baselines.push((await s.ask('read-delay')).maxDelayMs);
  }
  const core = [];
  for (let round = 0; round < ROUNDS; round++) core.push((await s.ask('core-list')).maxDelayMs);
  await s.stop();
  const worst = median(delays);
  report(
    'simulator: event loop longest delay while the longest allowed list is served (median of rounds)',
    `${worst.toFixed(1)} ms`,
    '≤ 20 ms',
    worst <= 20,
    `through the packaged server (it writes each 256 KB slice as the client takes it); ${s.items} backups, ${(median(sizes) / 1_048_576).toFixed(1)} MB; rounds ${delays.map((d) => d.toFixed(1)).join(' ')} ms; the same stretch with small lists alone: ${median(baselines).toFixed(1)} ms (rounds ${baselines.map((d) => d.toFixed(1)).join(' ')}); another client's slowest small list meanwhile: ${median(others).toFixed(1)} ms`,
  );
  const coreWorst = median(core);
  report(
    'simulator core alone: event loop longest delay while sim.fetch serves the longest allowed list (median of rounds)',
    `${coreWorst.toFixed(1)} ms`,
    '≤ 20 ms',
    coreWorst <= 20,
    `in the server's process, body read to its end; rounds ${core.map((d) => d.toFixed(1)).join(' ')} ms`,
  );
}

// 2. 50k reads of distinct account ids over HTTP.
if (runs(2)) {
  const growths = [];
  const rounds = Math.max(1, Math.min(ROUNDS, 3));
  for (let round = 0; round < rounds; round++) {
    sampleLoad();
    const s = await server('reads');
    const ids = (n) => `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
    // Warm first (the heap's young generation, the sockets, the JIT): then 50k reads on other ids.
    for (let n = 100_000; n < 110_000; n += 64)
      await Promise.all(
        Array.from({ length: 64 }, (_, k) => get(s.url, `/accounts/${ids(n + k + 1)}/topology/v1/appBackups`)),
      );
    const { rssMb: before } = await s.ask('rss');
    for (let n = 0; n < 50_000; n += 64)
      await Promise.all(
        Array.from({ length: 64 }, (_, k) => get(s.url, `/accounts/${ids(n + k + 1)}/topology/v1/appBackups`)),
      );
    const { rssMb: after, accounts } = await s.ask('rss');
    await s.stop();
    if (accounts !== 1) throw new Error(`reads created state: ${accounts} accounts`);
    growths.push(after - before);
  }
  const growth = median(growths);
  report(
    'simulator: RSS growth after 50k reads of distinct account ids over HTTP (after gc; from a server warmed by 10k reads)',
    `${growth.toFixed(1)} MB`,
    '< 25 MB',
    growth < 25,
    `rounds ${growths.map((g) => g.toFixed(1)).join(' ')} MB; dump() still holds one account`,
  );
}

// 3. The largest state the limits allow, dumped and loaded back.
if (runs(3)) {
  sampleLoad();
  const s = await server('largest-state');
  const { peakRssMb, dumpMb, backups } = await s.ask('round-trip');
  await s.stop();
  report(
    'simulator: peak RSS with the largest state the limits allow, dumped and loaded back',
    `${peakRssMb.toFixed(0)} MB`,
    '≤ 256 MB',
    peakRssMb <= 256,
    `${backups} backups at the byte limit; a dump of ${dumpMb.toFixed(1)} MB, loaded back through POST /__astra/fixtures`,
  );
}

const NOTE =
  process.env.BENCH_NOTE ??
  "The core hands a long list over as a stream of 256 KB slices, encoded as they are read, the event loop free between them; the packaged server writes each slice as the client takes it (backpressure), so no answer is held whole in memory and other clients' small lists go on meanwhile.";
sampleLoad();
const section = [
  '<!-- limits:start -->',
  '## Simulator limits (bench/limits.mjs)',
  '',
  `\`node bench/limits.mjs\` on ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, ${ROUNDS} rounds, load average ${Math.min(...loads).toFixed(1)} to ${Math.max(...loads).toFixed(1)} on 2 cores; each row in a server process of its own, from dist/.`,
  '',
  '| benchmark | result | target | met |',
  '|---|---|---|---|',
  ...rows,
  '',
  NOTE,
  '<!-- limits:end -->',
].join('\n');
const file = join(root, 'bench', 'RESULTS.md');
const text = readFileSync(file, 'utf8');
const marked = /<!-- limits:start -->[\s\S]*<!-- limits:end -->/;
if (!only) writeFileSync(file, marked.test(text) ? text.replace(marked, section) : `${text.trimEnd()}\n\n${section}\n`);
agent.destroy();
