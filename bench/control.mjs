// What the simulator's control layer (src/mock/control.ts) costs a normal request when no
// control operation is used: the fetch mode with control against the bare core, on a get
// and a list page. In-process, so the layer's cost is not hidden behind a network. The
// machine is shared: the variants run in interleaved slices (the order alternating), each
// slice timed by this process's CPU time (other processes take wall time, not that), and
// a second bare core is run beside the first as a control, to show the noise floor.
// Prints one JSON line: per path, control/core and core/core (the A/A floor) as the ratio
// of total CPU time over all slices, and the median of the per-slice ratios.
import { build } from 'esbuild';

const ACCOUNT = '9ff53b28-2a88-4b1c-8b4a-2d3c1a4f0b5e';
const ID = '54fe651d-3d3b-5fa8-b85c-5db757885ff3';
const root = new URL('..', import.meta.url).pathname;
const ROUNDS = Number(process.env.ROUNDS ?? 60);
const PER_SLICE = 200;

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
const quiet = { onViolation: () => {} };
const variants = {
  core: createSimulatorCore(quiet),
  control: createAstraSimulator(quiet),
  core2: createSimulatorCore(quiet),
};
const names = Object.keys(variants);

/** CPU µs this process spent answering PER_SLICE requests of `url` with `sim`. */
async function slice(sim, url) {
  const began = process.cpuUsage();
  for (let i = 0; i < PER_SLICE; i++) await (await sim.fetch(url, init)).arrayBuffer();
  const used = process.cpuUsage(began);
  return used.user + used.system;
}

const out = {};
for (const [path, url] of Object.entries(paths)) {
  for (const name of names) await slice(variants[name], url);
  const cpu = Object.fromEntries(names.map((n) => [n, []]));
  for (let round = 0; round < ROUNDS; round++)
    for (let k = 0; k < names.length; k++) {
      const name = names[(round + k) % names.length];
      cpu[name].push(await slice(variants[name], url));
    }
  const total = (n) => cpu[n].reduce((a, b) => a + b, 0);
  // Throughput ratios: time of the core over time of the variant (above 1: the variant is faster).
  out[path] = {
    control: Number((total('core') / total('control')).toFixed(3)),
    controlMedian: Number(median(cpu.core.map((c, i) => c / cpu.control[i])).toFixed(3)),
    floor: Number((total('core') / total('core2')).toFixed(3)),
    floorMedian: Number(median(cpu.core.map((c, i) => c / cpu.core2[i])).toFixed(3)),
    coreReqPerCpuSecond: Math.round((PER_SLICE * ROUNDS * 1e6) / total('core')),
    controlReqPerCpuSecond: Math.round((PER_SLICE * ROUNDS * 1e6) / total('control')),
  };
}
console.log(JSON.stringify(out));
