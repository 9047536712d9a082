// `npm run bench`: what the SDK costs over bare fetch and bare openapi-fetch.
// Runs against the built package (dist/) and a local server; prints a table and
// writes bench/RESULTS.md. Run with --expose-gc (scripts/bench.mjs does).
import { spawn } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import createClient from 'openapi-fetch';
import { createAstraClient } from '../dist/index.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const ACCOUNT = '9ff53b28-2a88-4b1c-8b4a-2d3c1a4f0b5e';
const ID = '54fe651d-3d3b-5fa8-b85c-5db757885ff3';
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
};
const results = [];
const report = (name, value, target, met, note = '') => {
  results.push({ name, value, target, met, note });
  console.log(`${met ? 'met    ' : 'NOT MET'}  ${name}: ${value} (target ${target})${note ? ` - ${note}` : ''}`);
};

async function startServer(env = {}) {
  const child = spawn(process.execPath, [join(root, 'bench', 'server.mjs')], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise((resolve) => child.stdout.once('data', (d) => resolve(Number(String(d).trim()))));
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise((r) => {
        child.once('exit', r);
        child.kill('SIGTERM');
      }),
  };
}

// 1. Latency over loopback, the three clients interleaved call by call.
async function latency() {
  const server = await startServer();
  const astra = createAstraClient({ accountId: ACCOUNT, token: 'bench-token', baseUrl: server.url });
  const bare = createClient({ baseUrl: server.url });
  const path = `/accounts/${ACCOUNT}/topology/v1/appBackups/${ID}`;
  const variants = {
    'bare fetch + JSON.parse': async () =>
      JSON.parse(await (await fetch(server.url + path, { headers: { authorization: 'Bearer bench-token' } })).text()),
    'bare openapi-fetch': async () =>
      (
        await bare.GET('/accounts/{account_id}/topology/v1/appBackups/{appBackup_id}', {
          params: { path: { account_id: ACCOUNT, appBackup_id: ID } },
          headers: { authorization: 'Bearer bench-token' },
        })
      ).data,
    'SDK appBackups.get()': () => astra.appBackups.get(ID),
  };
  const names = Object.keys(variants);
  const times = Object.fromEntries(names.map((n) => [n, []]));
  for (let warm = 0; warm < 300; warm++) for (const n of names) await variants[n]();
  const ROUNDS = 4_000;
  for (let round = 0; round < ROUNDS; round++) {
    for (let k = 0; k < names.length; k++) {
      const name = names[(round + k) % names.length];
      const start = process.hrtime.bigint();
      await variants[name]();
      times[name].push(Number(process.hrtime.bigint() - start) / 1_000);
    }
  }
  await server.stop();
  const medians = Object.fromEntries(names.map((n) => [n, median(times[n])]));
  for (const n of names) console.log(`  ${n.padEnd(26)} median ${medians[n].toFixed(1)} µs over ${ROUNDS} calls`);
  const ratio = medians['SDK appBackups.get()'] / medians['bare openapi-fetch'];
  report(
    'latency, SDK / bare openapi-fetch (median)',
    ratio.toFixed(3),
    '≤ 1.05',
    ratio <= 1.05,
    `SDK ${medians['SDK appBackups.get()'].toFixed(1)} µs, openapi-fetch ${medians['bare openapi-fetch'].toFixed(1)} µs, bare fetch ${medians['bare fetch + JSON.parse'].toFixed(1)} µs`,
  );
  return medians;
}

// 2. CPU per call with a fetch that returns a ready Response: no network at all.
async function cpuOverhead() {
  const body = JSON.stringify({
    type: 'application/astra-appBackup',
    version: '1.1',
    id: ID,
    name: 'n',
    bucketID: '0afbe357-a717-4c7a-8b3d-d0368959c8de',
    state: 'completed',
    stateUnready: [],
    metadata: { labels: [], creationTimestamp: 'x', modificationTimestamp: 'x', createdBy: 'x' },
  });
  const stub = async () => new Response(body, { status: 200, headers: { 'content-type': 'application/json' } });
  const astra = createAstraClient({
    accountId: ACCOUNT,
    token: 'bench-token',
    baseUrl: 'http://astra.bench',
    fetch: stub,
  });
  const bare = createClient({ baseUrl: 'http://astra.bench', fetch: stub });
  const variants = {
    bare: () =>
      bare.GET('/accounts/{account_id}/topology/v1/appBackups/{appBackup_id}', {
        params: { path: { account_id: ACCOUNT, appBackup_id: ID } },
        headers: { authorization: 'Bearer bench-token' },
      }),
    sdk: () => astra.appBackups.get(ID),
  };
  const BATCH = 2_000;
  const samples = { bare: [], sdk: [] };
  for (let w = 0; w < 5_000; w++) {
    await variants.bare();
    await variants.sdk();
  }
  for (let round = 0; round < 30; round++) {
    for (const name of round % 2 ? ['sdk', 'bare'] : ['bare', 'sdk']) {
      const start = process.hrtime.bigint();
      for (let i = 0; i < BATCH; i++) await variants[name]();
      samples[name].push(Number(process.hrtime.bigint() - start) / 1_000 / BATCH);
    }
  }
  const sdk = median(samples.sdk);
  const bareUs = median(samples.bare);
  report(
    'CPU per call, SDK minus bare openapi-fetch (median)',
    `${(sdk - bareUs).toFixed(2)} µs`,
    '≤ 5 µs',
    sdk - bareUs <= 5,
    `SDK ${sdk.toFixed(2)} µs, openapi-fetch ${bareUs.toFixed(2)} µs per call`,
  );
}

// 3. Streaming 100,000 backups in pages of 1,000: rate against a bare fetch + JSON.parse
// loop over the same pages (alternating, 3 runs each, medians), and heap growth twice
// over: the raw peak of heapUsed (garbage V8 has not collected yet included), and the
// peak live heap after a forced GC at each page (what the client holds on to: the target).
async function streaming() {
  const server = await startServer({ TOTAL: '100000', PAGE_SIZE: '1000' });
  const astra = createAstraClient({ accountId: ACCOUNT, token: 'bench-token', baseUrl: server.url });
  const bare = async function* () {
    let token;
    do {
      const url = `${server.url}/accounts/${ACCOUNT}/topology/v1/appBackups?limit=1000${token ? `&continue=${token}` : ''}`;
      const page = JSON.parse(await (await fetch(url, { headers: { authorization: 'Bearer bench-token' } })).text());
      yield* page.items;
      token = page.metadata.continue;
    } while (token);
  };
  const run = async (items, collect) => {
    globalThis.gc();
    const baseline = process.memoryUsage().heapUsed;
    let peak = baseline;
    let count = 0;
    const start = performance.now();
    for await (const backup of items()) {
      if (backup.state !== 'completed') throw new Error('bad item');
      if (++count % 1000 === 0) {
        if (collect) globalThis.gc();
        peak = Math.max(peak, process.memoryUsage().heapUsed);
      }
    }
    if (count !== 100_000) throw new Error(`streamed ${count} backups, not 100000`);
    return { growthMb: (peak - baseline) / 1024 / 1024, rate: count / ((performance.now() - start) / 1000) };
  };
  const sdk = () => astra.appBackups.list({ limit: 1000 });
  // Alternating rounds, each SDK run compared with the bare run beside it: the machine's
  // drift between rounds cancels out of each ratio.
  const rates = { sdk: [], bare: [] };
  const ratios = [];
  let raw;
  for (let round = 0; round < 5; round++) {
    raw = await run(sdk, false);
    rates.sdk.push(raw.rate);
    rates.bare.push((await run(bare, false)).rate);
    ratios.push(raw.rate / rates.bare.at(-1));
  }
  const live = await run(sdk, true);
  await server.stop();
  const ratio = median(ratios);
  console.log(
    `  100000 backups: SDK ${Math.round(median(rates.sdk))} items/s, bare fetch + JSON.parse ${Math.round(median(rates.bare))} items/s; heapUsed peak growth ${raw.growthMb.toFixed(1)} MB raw, ${live.growthMb.toFixed(1)} MB live`,
  );
  report(
    'streaming 100,000 backups, peak live heap growth',
    `${live.growthMb.toFixed(1)} MB`,
    '≤ 20 MB',
    live.growthMb <= 20,
    `raw heapUsed peak, uncollected garbage included: ${raw.growthMb.toFixed(1)} MB`,
  );
  report(
    'streaming 100,000 backups, items/s SDK / bare fetch + JSON.parse (median of 5 round ratios)',
    ratio.toFixed(2),
    '≥ 0.8',
    ratio >= 0.8,
    `SDK ${Math.round(median(rates.sdk))} items/s (every item checked against the spec), bare ${Math.round(median(rates.bare))} items/s; ratios ${ratios.map((r) => r.toFixed(2)).join(' ')}`,
  );
}

// 4. Bundle size of the ESM entry, minified and gzipped; and, for the record, the SDK's own
// code with every string literal emptied (messages, media types, paths): what the code weighs.
async function bundleSize() {
  const size = async (external) => {
    const out = await build({
      entryPoints: [join(root, 'dist', 'index.js')],
      bundle: true,
      minify: true,
      format: 'esm',
      platform: 'neutral',
      write: false,
      external,
      logLevel: 'silent',
    });
    return out.outputFiles[0].text;
  };
  const gz = (text) => gzipSync(text, { level: 9 }).length;
  const ownText = await size(['openapi-fetch']);
  const own = gz(ownText);
  const total = gz(await size([]));
  const codeOnly = gz(ownText.replace(/`(?:[^`\\]|\\.)*`/gs, '``').replace(/"(?:[^"\\]|\\.)*"/g, '""'));
  // The budgets are size-limit's (.size-limit.json, the one place they are written): KiB, in order.
  const [ownLimit, totalLimit] = JSON.parse(readFileSync(join(root, '.size-limit.json'), 'utf8')).map((entry) =>
    Math.round(Number.parseFloat(entry.limit) * 1024),
  );
  report(
    'bundle, SDK own code (min+gzip)',
    `${(own / 1024).toFixed(2)} KiB`,
    `≤ ${ownLimit / 1024} KiB (.size-limit.json)`,
    own <= ownLimit,
    `the code alone, every string literal emptied: ${(codeOnly / 1024).toFixed(2)} KiB`,
  );
  report(
    'bundle, with openapi-fetch (min+gzip)',
    `${(total / 1024).toFixed(2)} KiB`,
    `≤ ${totalLimit / 1024} KiB (.size-limit.json)`,
    total <= totalLimit,
    `${totalLimit - total} bytes left under the budget`,
  );
}

// 5. Requests waitUntilDone makes for backups of 5 s, 60 s and 1 h, on a simulated clock.
async function waiting() {
  const rows = [];
  let worstAfterMinute = 0;
  for (const durationS of [5, 60, 3600]) {
    let now = 0;
    const polls = [];
    const clock = {
      now: () => now,
      sleep: async (ms) => {
        now += ms;
      },
    };
    const fetchAt = async () => {
      polls.push(now);
      const state = now >= durationS * 1000 ? 'completed' : 'running';
      return new Response(
        JSON.stringify({
          type: 'application/astra-appBackup',
          version: '1.1',
          id: ID,
          name: 'n',
          bucketID: '0afbe357-a717-4c7a-8b3d-d0368959c8de',
          state,
          stateUnready: [],
          percentDone: Math.min(100, now / (durationS * 10)),
          metadata: { labels: [], creationTimestamp: 'x', modificationTimestamp: 'x', createdBy: 'x' },
        }),
        { headers: { 'content-type': 'application/json' } },
      );
    };
    const astra = createAstraClient(
      { accountId: ACCOUNT, token: 't', baseUrl: 'http://astra.bench', fetch: fetchAt },
      { clock },
    );
    await astra.appBackups.waitUntilDone(ID, { timeoutMs: 2 * 3600 * 1000 });
    const after = polls.filter((t) => t >= 60_000);
    const minuteRate = after.length > 1 ? (after.length - 1) / ((after.at(-1) - after[0]) / 1000) : 0;
    worstAfterMinute = Math.max(worstAfterMinute, minuteRate);
    rows.push(`${durationS} s: ${polls.length} requests`);
  }
  console.log(`  ${rows.join(', ')}`);
  report(
    'waitUntilDone requests for 5 s / 60 s / 1 h',
    rows.map((r) => r.split(': ')[1].split(' ')[0]).join(' / '),
    'slow growth, ≤ 1 req/s after the first minute',
    worstAfterMinute <= 1,
    `after the first minute at most ${worstAfterMinute.toFixed(3)} req/s`,
  );
}

// 6. The mock as `npm start` runs it (the packaged server, Prism's check in process behind
// it; its own process): list and get against Prism's static example mock, interleaved; and
// how long `npm start` takes from spawn to its first answer, once the bundle exists.
async function mock() {
  const { freePort, startPrism, stopProcess, waitForHttp } = await import('../scripts/lib/prism.mjs');
  const headers = { authorization: 'Bearer bench-token' };
  const load = (url, seconds, warmup) =>
    new Promise((resolve, reject) => {
      const args = [join(root, 'bench', 'load.mjs'), url, String(seconds), '16', String(warmup)];
      const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
      let out = '';
      child.stdout.on('data', (d) => {
        out += d;
      });
      child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`load exited ${code}`))));
    });
  const paths = {
    list: `/accounts/${ACCOUNT}/topology/v1/appBackups?include=id,name,state&limit=3`,
    get: `/accounts/${ACCOUNT}/topology/v1/appBackups/${ID}`,
  };
  const port = await freePort();
  const stack = spawn(process.execPath, ['scripts/mock.mjs', '--port', String(port), '--quiet'], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  const prism = await startPrism({ extraArgs: ['-v', 'error'] });
  await waitForHttp(`${url}${paths.get}`, { child: stack, headers });
  // The machine is shared: the two are measured in alternating 1.5 s slices, 6 rounds
  // each, and compared by the median of the per-round ratios.
  const lines = [];
  for (const [name, path] of Object.entries(paths)) {
    await Promise.all([load(prism.url + path, 1, 2), load(url + path, 1, 2)]);
    const rounds = [];
    for (let round = 0; round < 6; round++) {
      const alone = await load(prism.url + path, 1.5, 0);
      const whole = await load(url + path, 1.5, 0);
      if (alone.errors || whole.errors) throw new Error(`errors under load: ${alone.errors} / ${whole.errors}`);
      rounds.push({ alone, whole, ratio: whole.rps / alone.rps });
    }
    const ratio = median(rounds.map((r) => r.ratio));
    const m = (side, key) => median(rounds.map((r) => r[side][key]));
    lines.push(
      `${name}: npm start ${Math.round(m('whole', 'rps'))} req/s, p99 ${m('whole', 'p99Ms').toFixed(1)} ms; Prism alone ${Math.round(m('alone', 'rps'))} req/s, p99 ${m('alone', 'p99Ms').toFixed(1)} ms (medians of 6 rounds; ratios ${rounds.map((r) => r.ratio.toFixed(2)).join(' ')})`,
    );
    report(
      `mock: ${name} req/s, npm start (Prism's check in process) / Prism static mock`,
      ratio.toFixed(2),
      '≥ 0.5',
      ratio >= 0.5,
      lines.at(-1),
    );
  }
  await Promise.all([stopProcess(stack), prism.stop()]);
  // Start to first answer: spawn `node scripts/mock.mjs` and poll until a list answers.
  const starts = [];
  for (let i = 0; i < 5; i++) {
    const free = await freePort();
    const began = performance.now();
    const child = spawn(process.execPath, ['scripts/mock.mjs', '--port', String(free), '--quiet'], {
      cwd: root,
      stdio: 'ignore',
    });
    for (;;) {
      const ok = await fetch(`http://127.0.0.1:${free}${paths.list}`, { headers }).then(
        (r) => r.status === 200,
        () => false,
      );
      if (ok) break;
      if (performance.now() - began > 60_000) throw new Error('npm start gave no answer within 60 s');
      await new Promise((r) => setTimeout(r, 10));
    }
    starts.push((performance.now() - began) / 1000);
    await stopProcess(child);
  }
  const startMedian = median(starts);
  report(
    'mock: npm start, spawn to first answer (median of 5)',
    `${startMedian.toFixed(2)} s`,
    '< 1.5 s',
    startMedian < 1.5,
    `each: ${starts.map((s) => `${s.toFixed(2)} s`).join(', ')}`,
  );
  for (const line of lines) console.log(`  ${line}`);
}

// 7. The simulator as the package ships it: `astra-backups mock` (the package's bin, in its
// own process) and the simulator's `fetch` (in this process, no network), each beside
// `prism mock` of the same spec in interleaved 1.5 s slices, 6 rounds, medians of the
// per-round ratios. The list is a page as large as Prism's example list (2 backups, as
// id, name and state). Then spawn to first answer of `node dist/cli.js mock`.
async function packagedMock() {
  const { freePort, startPrism, stopProcess, waitForHttp } = await import('../scripts/lib/prism.mjs');
  const { createAstraSimulator } = await import('../dist/mock.js');
  const headers = { authorization: 'Bearer bench-token', accept: 'application/json, application/astra-appBackup+json' };
  const load = (url, seconds, warmup) =>
    new Promise((resolve, reject) => {
      const args = [join(root, 'bench', 'load.mjs'), url, String(seconds), '16', String(warmup)];
      const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
      let out = '';
      child.stdout.on('data', (d) => {
        out += d;
      });
      child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`load exited ${code}`))));
    });
  // The fetch mode: one caller awaiting each answer in turn, its body read, for `seconds`.
  const simulator = createAstraSimulator();
  const viaFetch = async (url, seconds) => {
    const end = performance.now() + seconds * 1000;
    let requests = 0;
    const started = performance.now();
    while (performance.now() < end) {
      const response = await simulator.fetch(url, { headers });
      await response.text();
      if (response.status !== 200) throw new Error(`the simulator's fetch answered ${response.status}`);
      requests++;
    }
    return { rps: requests / ((performance.now() - started) / 1000) };
  };
  const port = await freePort();
  const server = spawn(process.execPath, [join(root, 'dist', 'cli.js'), 'mock', '--port', String(port), '--quiet'], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const packaged = `http://127.0.0.1:${port}`;
  const prism = await startPrism({ extraArgs: ['-v', 'error'] });
  await waitForHttp(`${packaged}/accounts/${ACCOUNT}/topology/v1/appBackups/${ID}`, { child: server, headers });
  const paths = {
    list: `/accounts/${ACCOUNT}/topology/v1/appBackups?include=id,name,state&limit=2`,
    get: `/accounts/${ACCOUNT}/topology/v1/appBackups/${ID}`,
  };
  const lines = [];
  for (const [name, path] of Object.entries(paths)) {
    const sizes = await Promise.all(
      [prism.url, packaged].map(async (base) => (await (await fetch(base + path, { headers })).json()).items?.length),
    );
    if (sizes[0] !== sizes[1]) throw new Error(`list pages differ: Prism ${sizes[0]} items, the package ${sizes[1]}`);
    await Promise.all([
      load(prism.url + path, 1, 2),
      load(packaged + path, 1, 2),
      viaFetch(`http://astra.bench${path}`, 1),
    ]);
    const rounds = [];
    for (let round = 0; round < 6; round++) {
      const alone = await load(prism.url + path, 1.5, 0);
      const server = await load(packaged + path, 1.5, 0);
      const inProcess = await viaFetch(`http://astra.bench${path}`, 1.5);
      if (alone.errors || server.errors) throw new Error(`errors under load: ${alone.errors} / ${server.errors}`);
      rounds.push({ alone, server, inProcess, ratio: server.rps / alone.rps, fetchRatio: inProcess.rps / alone.rps });
    }
    const m = (side, key) => median(rounds.map((r) => r[side][key]));
    lines.push(
      `${name}: astra-backups mock ${Math.round(m('server', 'rps'))} req/s, p99 ${m('server', 'p99Ms').toFixed(1)} ms; simulator fetch ${Math.round(m('inProcess', 'rps'))} req/s (one caller, in process); Prism static mock ${Math.round(m('alone', 'rps'))} req/s, p99 ${m('alone', 'p99Ms').toFixed(1)} ms (medians of 6 rounds; server ratios ${rounds.map((r) => r.ratio.toFixed(2)).join(' ')})`,
    );
    const ratio = median(rounds.map((r) => r.ratio));
    report(
      `packaged mock: ${name} req/s, astra-backups mock / Prism static mock`,
      ratio.toFixed(2),
      '≥ 1',
      ratio >= 1,
      lines.at(-1),
    );
    const fetchRatio = median(rounds.map((r) => r.fetchRatio));
    report(
      `packaged mock: ${name} req/s, simulator fetch (one caller) / Prism static mock`,
      fetchRatio.toFixed(2),
      '≥ 1',
      fetchRatio >= 1,
      `${Math.round(m('inProcess', 'rps'))} req/s against ${Math.round(m('alone', 'rps'))}`,
    );
  }
  // The floor: a bare node:http server sending the packaged server's very bytes for each path,
  // interleaved with it in 1.5 s slices, 6 rounds: what the server's own work costs.
  const answers = {};
  for (const path of Object.values(paths)) {
    const response = await fetch(packaged + path, { headers });
    const copied = {};
    response.headers.forEach((value, key) => {
      if (!['date', 'connection', 'keep-alive', 'transfer-encoding'].includes(key)) copied[key] = value;
    });
    answers[path] = { status: response.status, headers: copied, body: await response.text() };
  }
  const answersFile = join(tmpdir(), `astra-bench-bare-${process.pid}.json`);
  writeFileSync(answersFile, JSON.stringify(answers));
  const barePort = await freePort();
  const bareServer = spawn(process.execPath, [join(root, 'bench', 'bare.mjs'), answersFile, String(barePort)], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const bareUrl = `http://127.0.0.1:${barePort}`;
  await waitForHttp(`${bareUrl}${paths.get}`, { child: bareServer });
  for (const [name, path] of Object.entries(paths)) {
    await Promise.all([load(bareUrl + path, 1, 2), load(packaged + path, 1, 2)]);
    const rounds = [];
    for (let round = 0; round < 6; round++) {
      const bare = await load(bareUrl + path, 1.5, 0);
      const served = await load(packaged + path, 1.5, 0);
      if (bare.errors || served.errors) throw new Error(`errors under load: ${bare.errors} / ${served.errors}`);
      rounds.push({ bare, served, ratio: served.rps / bare.rps });
    }
    const m = (side, key) => median(rounds.map((r) => r[side][key]));
    const ratio = median(rounds.map((r) => r.ratio));
    report(
      `packaged mock: ${name} req/s, astra-backups mock / a bare node:http server sending the same bytes (interleaved)`,
      ratio.toFixed(2),
      '≥ 0.5',
      ratio >= 0.5,
      `${Math.round(m('served', 'rps'))} against ${Math.round(m('bare', 'rps'))} req/s; p99 ${m('served', 'p99Ms').toFixed(1)} against ${m('bare', 'p99Ms').toFixed(1)} ms; every answer checked against the spec by the core; round ratios ${rounds.map((r) => r.ratio.toFixed(2)).join(' ')}`,
    );
  }
  await Promise.all([stopProcess(server), prism.stop(), stopProcess(bareServer)]);
  rmSync(answersFile, { force: true });
  // Spawn to first answer: `node dist/cli.js mock`, polled every 5 ms until a list answers;
  // beside it, in alternation, a bare node:http server of one line: what Node itself costs
  // on this machine at that moment (the machine is shared).
  const firstAnswer = async (args) => {
    const free = await freePort();
    const began = performance.now();
    const child = spawn(process.execPath, [...args, String(free)], { stdio: 'ignore' });
    for (;;) {
      const ok = await fetch(`http://127.0.0.1:${free}${paths.list}`, { headers }).then(
        (r) => r.status === 200,
        () => false,
      );
      if (ok) break;
      if (performance.now() - began > 30_000) throw new Error(`${args.join(' ')} gave no answer within 30 s`);
      await new Promise((r) => setTimeout(r, 5));
    }
    const seconds = (performance.now() - began) / 1000;
    await stopProcess(child);
    return seconds;
  };
  const bare = [
    '-e',
    "require('http').createServer((q, s) => s.end('{}')).listen(Number(process.argv[1]), '127.0.0.1')",
  ];
  const starts = [];
  const bareStarts = [];
  for (let i = 0; i < 5; i++) {
    starts.push(await firstAnswer([join(root, 'dist', 'cli.js'), 'mock', '--quiet', '--port']));
    bareStarts.push(await firstAnswer(bare));
  }
  const startMedian = median(starts);
  report(
    'packaged mock: node dist/cli.js mock, spawn to first answer (median of 5)',
    `${startMedian.toFixed(3)} s`,
    '< 0.5 s',
    startMedian < 0.5,
    `each: ${starts.map((s) => `${s.toFixed(3)} s`).join(', ')}; a bare node:http server, alternated with it: median ${median(bareStarts).toFixed(3)} s, so the package's own part is ${(startMedian - median(bareStarts)).toFixed(3)} s`,
  );
  for (const line of lines) console.log(`  ${line}`);
}

// `node bench/run.mjs packaged-mock` runs that benchmark alone, `node bench/run.mjs mocks` both
// mock benchmarks (6 and 7); neither writes RESULTS.md.
if (process.argv[2] === 'packaged-mock' || process.argv[2] === 'mocks') {
  console.log(`load average (1 min) ${loadavg()[0].toFixed(1)}`);
  if (process.argv[2] === 'mocks') await mock();
  await packagedMock();
  console.log(
    results
      .map((r) => `${r.name}: ${r.value} (${r.target}: ${r.met ? 'met' : 'NOT met'})${r.note ? ` (${r.note})` : ''}`)
      .join('\n'),
  );
  console.log(`load average (1 min) ${loadavg()[0].toFixed(1)}`);
  process.exit(0);
}

const started = performance.now();
// The machine is shared: its load at the start and the end says how far to trust the figures.
const loadAtStart = loadavg()[0];
console.log('1. latency');
const medians = await latency();
console.log('2. CPU overhead');
await cpuOverhead();
console.log('3. streaming');
await streaming();
console.log('4. bundle size');
await bundleSize();
console.log('5. waiting');
await waiting();
console.log('6. the mock');
await mock();
console.log('7. the packaged mock');
await packagedMock();
const elapsed = ((performance.now() - started) / 1000).toFixed(0);

const version = (name) => JSON.parse(readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8')).version;
const table = [
  '| benchmark | result | target | met |',
  '|---|---|---|---|',
  ...results.map(
    (r) => `| ${r.name} | ${r.value}${r.note ? ` (${r.note})` : ''} | ${r.target} | ${r.met ? 'met' : '**not met**'} |`,
  ),
].join('\n');
writeFileSync(
  join(root, 'bench', 'RESULTS.md'),
  `# Benchmark results

Written by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)}, one run, in ${elapsed} s.
Machine: ${cpus().length} × ${cpus()[0]?.model.trim()}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB; Node ${process.version};
openapi-fetch ${version('openapi-fetch')}, esbuild ${version('esbuild')}. The machine is shared and noisy: medians of one run;
load average (1 min) ${loadAtStart.toFixed(1)} at the start, ${loadavg()[0].toFixed(1)} at the end.

${table}

Latency medians (µs, loopback, ${'4,000'} calls each, interleaved): ${Object.entries(medians)
    .map(([k, v]) => `${k} ${v.toFixed(1)}`)
    .join('; ')}.
`,
);
console.log(`\n${table}\n\nwrote bench/RESULTS.md (${elapsed} s)`);
