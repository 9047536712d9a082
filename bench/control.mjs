// What the simulator's control layer (src/mock/control.ts) costs a normal request when no
// control operation is used: the fetch mode with control against the bare core, on a get
// and a list page, in interleaved rounds (the machine is shared: each round's ratio sets
// the two side by side, and the median of the ratios is the result). In-process, so the
// layer's cost is not hidden behind a network. Prints one JSON line.
import { build } from 'esbuild';

const ACCOUNT = '9ff53b28-2a88-4b1c-8b4a-2d3c1a4f0b5e';
const ID = '54fe651d-3d3b-5fa8-b85c-5db757885ff3';
const root = new URL('..', import.meta.url).pathname;
const bundled = await build({
  stdin: {
    contents: `export { createAstraSimulator } from './src/mock/index.ts';
export { createSimulatorCore } from './src/mock/simulator.ts';`,
    resolveDir: root,
    loader: 'ts',
  },
  bundle: true,
  format: 'esm',
  platform: 'neutral',
  write: false,
  logLevel: 'silent',
});
const { createAstraSimulator, createSimulatorCore } = await import(
  `data:text/javascript;base64,${Buffer.from(bundled.outputFiles[0].text).toString('base64')}`
);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const init = { headers: { authorization: 'Bearer bench' } };
const paths = {
  get: `http://astra.test/accounts/${ACCOUNT}/topology/v1/appBackups/${ID}`,
  list: `http://astra.test/accounts/${ACCOUNT}/topology/v1/appBackups?include=id,name,state&limit=3`,
};
const variants = {
  core: createSimulatorCore({ onViolation: () => {} }),
  control: createAstraSimulator({ onViolation: () => {} }),
};

/**
 * Requests answered per second of this process's CPU time by `sim` on `url`, over `count`
 * requests in a row: CPU time, not wall time, as other processes on a shared machine take
 * the wall clock but not this process's CPU seconds.
 */
async function rate(sim, url, count) {
  const began = process.cpuUsage();
  for (let i = 0; i < count; i++) await (await sim.fetch(url, init)).arrayBuffer();
  const used = process.cpuUsage(began);
  return count / ((used.user + used.system) / 1e6);
}

const out = {};
for (const [name, url] of Object.entries(paths)) {
  for (const sim of Object.values(variants)) await rate(sim, url, 500);
  const ratios = [];
  const rates = { core: [], control: [] };
  for (let round = 0; round < 30; round++) {
    const order = round % 2 ? ['core', 'control'] : ['control', 'core'];
    const r = {};
    for (const v of order) r[v] = await rate(variants[v], url, 200);
    rates.core.push(r.core);
    rates.control.push(r.control);
    ratios.push(r.control / r.core);
  }
  out[name] = {
    ratio: median(ratios),
    core: Math.round(median(rates.core)),
    control: Math.round(median(rates.control)),
    ratios: ratios.map((x) => Number(x.toFixed(3))),
  };
}
console.log(JSON.stringify(out));
