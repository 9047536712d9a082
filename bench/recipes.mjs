// `node bench/recipes.mjs`: what the testing recipes cost a frontend team, from the packed
// tarball (build first: `npm run build`), with the recipes' own tool sets (scripts/recipes/):
//  - a component test of the list (docs/snippets/recipes/{jest,vitest}/src/BackupList.test.tsx,
//    three tests through MSW) under Jest 30 and under Vitest 4: each test's time as the runner
//    reports it, the median over RUNS runs (RECIPE_BENCH_RUNS, default 5), and the whole run's;
//  - the simulator's bytes in a Vite production build of an app that imports it only in an
//    `if (import.meta.env.DEV)` branch (docs/snippets/recipes/vite-dev-only/): 0 expected; the
//    same app built with import.meta.env.DEV defined true is the control that shows the measure sees them.
// Writes bench/RECIPES.md, with the load average (the machine is shared: read them with it).
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { scratchProject, toolFolder } from '../scripts/recipes/cache.mjs';
import { toolSets } from '../scripts/recipes/tools.mjs';

const root = join(import.meta.dirname, '..');
const recipes = join(root, 'docs', 'snippets', 'recipes');
const RUNS = Number(process.env.RECIPE_BENCH_RUNS ?? 5);
const env = { ...process.env, SCARF_ANALYTICS: 'false', NO_COLOR: '1', CI: '1' };
const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const load = () =>
  loadavg()
    .map((n) => n.toFixed(2))
    .join(' / ');

const packDir = mkdtempSync(join(tmpdir(), 'astra-recipes-bench-'));
const [packed] = JSON.parse(
  execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', packDir], {
    cwd: root,
    env,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  }),
);
const tarball = join(packDir, packed.filename);
const loadBefore = load();
const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();

/** Runs `args` RUNS times in `dir`; each run's JSON report (`report.json`) read by `times`. */
function timeRuns(label, dir, command, args, times) {
  const perTest = new Map();
  const walls = [];
  for (let run = 0; run < RUNS; run++) {
    const started = performance.now();
    const result = spawnSync(command, args, { cwd: dir, env, encoding: 'utf8' });
    walls.push(performance.now() - started);
    const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8'));
    const tests = times(report);
    if (result.status !== 0 || tests.some((t) => t.status !== 'passed'))
      throw new Error(`${label} run ${run + 1} failed:\n${result.stdout}\n${result.stderr}`);
    for (const { title, duration } of tests) perTest.set(title, [...(perTest.get(title) ?? []), duration]);
    console.error(`${label} run ${run + 1}/${RUNS}: ${Math.round(walls.at(-1))} ms`);
  }
  return { label, wall: median(walls), tests: [...perTest].map(([title, ds]) => ({ title, median: median(ds) })) };
}

const assertions = (report) =>
  report.testResults.flatMap((file) =>
    file.assertionResults.map((a) => ({ title: a.title, status: a.status, duration: a.duration ?? 0 })),
  );

const jestDir = await scratchProject('jest', tarball);
const vitestDir = await scratchProject('vitest', tarball, { type: 'module' });
let jest;
let vitest;
let bytes;
try {
  for (const folder of ['app', 'jest']) cpSync(join(recipes, folder), jestDir, { recursive: true });
  for (const folder of ['app', 'vitest', 'vite-dev-only'])
    cpSync(join(recipes, folder), vitestDir, { recursive: true });
  jest = timeRuns(
    'Jest 30 (ts-jest, jest-fixed-jsdom)',
    jestDir,
    process.execPath,
    [
      join(toolFolder('jest'), 'node_modules', 'jest', 'bin', 'jest.js'),
      '--ci',
      '--json',
      '--outputFile=report.json',
      'src/BackupList.test.tsx',
    ],
    assertions,
  );
  vitest = timeRuns(
    'Vitest 4 (jsdom)',
    vitestDir,
    process.execPath,
    [
      join(toolFolder('vitest'), 'node_modules', 'vitest', 'vitest.mjs'),
      'run',
      '--reporter=json',
      '--outputFile=report.json',
      'src/BackupList.test.tsx',
    ],
    assertions,
  );
  // The Vite build, in the scratch project (so that `vite` resolves from the tool set).
  writeFileSync(
    join(vitestDir, 'index.html'),
    '<!doctype html><html><body><script type="module" src="/src/main.ts"></script></body></html>\n',
  );
  writeFileSync(
    join(vitestDir, 'measure.mjs'),
    `import { build } from 'vite';
const out = {};
// The control forces the branch in (import.meta.env.DEV true), as \`vite dev\` has it.
for (const mode of ['production', 'development']) {
  const define = mode === 'development' ? { 'import.meta.env.DEV': 'true' } : {};
  const result = await build({ logLevel: 'silent', configFile: false, define, build: { write: false, minify: true } });
  const chunks = (Array.isArray(result) ? result : [result]).flatMap((r) => r.output).filter((o) => o.type === 'chunk');
  let total = 0, simulator = 0, msw = 0;
  for (const chunk of chunks) {
    total += Buffer.byteLength(chunk.code);
    for (const [id, m] of Object.entries(chunk.modules ?? {})) {
      if (/astra-app-backups[\\\\/]dist[\\\\/](mock|msw)\\./.test(id)) simulator += m.renderedLength;
      if (/node_modules[\\\\/]msw[\\\\/]/.test(id)) msw += m.renderedLength;
    }
  }
  const marker = chunks.some((c) => c.code.includes('SPEC VIOLATION'));
  out[mode] = { chunks: chunks.length, total, simulator, msw, marker };
}
console.log(JSON.stringify(out));
`,
  );
  bytes = JSON.parse(execFileSync(process.execPath, ['measure.mjs'], { cwd: vitestDir, env, encoding: 'utf8' }));
} finally {
  rmSync(jestDir, { recursive: true, force: true });
  rmSync(vitestDir, { recursive: true, force: true });
  rmSync(packDir, { recursive: true, force: true });
}

const ms = (n) => `${Math.round(n)} ms`;
const rows = jest.tests.map(
  (t) =>
    `| ${t.title} | ${ms(t.median)} | ${ms(vitest.tests.find((v) => v.title === t.title)?.median ?? Number.NaN)} |`,
);
const kb = (n) => `${n.toLocaleString('en')} B`;
const md = `# Testing recipes: bench

\`node bench/recipes.mjs\` (after \`npm run build\`; package built at ${commit}), ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, Node ${process.version},
load average ${loadBefore} before and ${load()} after (1 / 5 / 15 min, 2 cores, shared with other work: these are
this machine's numbers at that load, not a target).

## A component test of the list, Jest against Vitest

\`docs/snippets/recipes/{jest,vitest}/src/BackupList.test.tsx\`: the list rendered with Testing Library, its
requests answered by the simulator through MSW (\`astraHandlers(sim, { baseUrl: '/astra' })\`), from the packed
tarball. Each test's time as the runner reports it, median of ${RUNS} runs; then the whole run (process start to
exit, median).

| test | ${jest.label} | ${vitest.label} |
| --- | --- | --- |
${rows.join('\n')}
| whole run (\`jest\` / \`vitest run\`, one file) | ${ms(jest.wall)} | ${ms(vitest.wall)} |

Tools: ${toolSets.jest.filter((p) => /^(jest|ts-jest|jest-fixed-jsdom|msw)@/.test(p)).join(', ')}; ${toolSets.vitest.filter((p) => /^(vitest|jsdom|msw)@/.test(p)).join(', ')}.

## The simulator in a production build: 0 bytes when imported in a dev-only branch

\`docs/snippets/recipes/vite-dev-only/src/main.ts\` imports \`astra-app-backups/mock\`, \`/msw\` and \`msw/browser\`
only inside \`if (import.meta.env.DEV)\`. Built by Vite (${toolSets.vitest.find((p) => p.startsWith('vite@'))}, minified); bytes of the modules from
\`astra-app-backups/dist/{mock,msw}.*\` and from \`msw\`, as the bundler reports them, and whether any chunk holds
the simulator's \`SPEC VIOLATION\` alarm text:

| build | chunks | all JavaScript | simulator | msw | \`SPEC VIOLATION\` in a chunk |
| --- | --- | --- | --- | --- | --- |
| production (\`vite build\`) | ${bytes.production.chunks} | ${kb(bytes.production.total)} | ${kb(bytes.production.simulator)} | ${kb(bytes.production.msw)} | ${bytes.production.marker ? 'yes' : 'no'} |
| control: \`import.meta.env.DEV\` defined true (the branch kept) | ${bytes.development.chunks} | ${kb(bytes.development.total)} | ${kb(bytes.development.simulator)} | ${kb(bytes.development.msw)} | ${bytes.development.marker ? 'yes' : 'no'} |
`;
const out = join(import.meta.dirname, 'RECIPES.md');
writeFileSync(out, md);
// As Biome formats Markdown (npm test's lint checks it).
spawnSync(join(root, 'node_modules', '.bin', 'biome'), ['format', '--write', out], { cwd: root, stdio: 'ignore' });
console.log(md);
if (bytes.production.simulator !== 0 || bytes.production.marker || bytes.development.simulator === 0)
  process.exitCode = 1;
