// The public API report: for every entry of package.json `exports` that has types, API
// Extractor reads its built declarations (dist/*.d.ts, so build first) and writes
// api-report/<package>[-<subpath>].api.md (the report people read) and .api.json (its doc
// model, which scripts/release/api-diff.mjs classifies: removed, added, changed), both
// committed. The model is kept without its doc comments and file paths (see `normalizeModel`),
// so that only the API itself moves it. `npm run api:report` updates both; without `--update`
// (as npm test runs it) a report or model that differs, is missing, or belongs to no entry
// fails, with the difference printed. A new subpath in `exports` is picked up by itself.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Extractor, ExtractorConfig } from '@microsoft/api-extractor';
import { root as projectRoot } from '../lib/tools.mjs';

export const REPORTS = 'api-report';

/** Entries of `exports` with declarations: `[{ subpath, dts, name }]`. */
export function entries(pkg) {
  const typesOf = (target) => {
    if (typeof target === 'string') return target.endsWith('.d.ts') ? target : undefined;
    if (!target || typeof target !== 'object') return undefined;
    if (typeof target.types === 'string') return target.types;
    for (const condition of ['import', 'default', 'require']) {
      const found = typesOf(target[condition]);
      if (found) return found;
    }
    return undefined;
  };
  return Object.entries(pkg.exports ?? { '.': { types: pkg.types } })
    .map(([subpath, target]) => ({ subpath, dts: typesOf(target) }))
    .filter((entry) => entry.dts)
    .map(({ subpath, dts }) => ({
      subpath,
      dts,
      name: subpath === '.' ? pkg.name : `${pkg.name}-${subpath.replace(/^\.\//, '').replace(/[^A-Za-z0-9_.]+/g, '-')}`,
    }));
}

/**
 * The doc model as committed: without what documentation alone moves (doc comments, source
 * file paths, the tool's version), so that it changes when the API does and only then.
 */
export function normalizeModel(model) {
  const strip = (node) => {
    if (Array.isArray(node)) return node.map(strip);
    if (!node || typeof node !== 'object') return node;
    const out = {};
    for (const [key, value] of Object.entries(node)) {
      if (key === 'docComment' || key === 'fileUrlPath' || key === 'toolVersion') continue;
      out[key] = strip(value);
    }
    return out;
  };
  return strip(model);
}

const modelText = (model) => `${JSON.stringify(normalizeModel(model), null, 2)}\n`;

/**
 * The values of an entry's exported defaults (its exports named *DEFAULT*, as JSON), read from
 * the built module beside its declarations: a default computed in code (`32 * 1024 * 1024`) is
 * only `number` in the declarations. Kept in the model as `exportedDefaults`, where
 * scripts/release/api-diff.mjs compares them. `{}` when the module is not there.
 */
export function exportedDefaults(root, dts) {
  const js = join(root, dts.replace(/\.d\.ts$/, '.js'));
  if (!existsSync(js)) return {};
  const code = [
    `const m = await import(${JSON.stringify(pathToFileURL(js).href)});`,
    'const out = {};',
    'for (const [name, value] of Object.entries(m))',
    "  if (/default/i.test(name) && name !== 'default' && typeof value !== 'function' && value !== undefined)",
    '    out[name] = JSON.parse(JSON.stringify(value));',
    'process.stdout.write(JSON.stringify(out));',
  ].join('\n');
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', code], { cwd: root, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`cannot read the exported defaults of ${relative(root, js)}: ${run.stderr}`);
  return JSON.parse(run.stdout);
}

/**
 * Runs API Extractor on one entry. `update`: writes the report; otherwise writes the fresh
 * one to `tempFolder` and says whether it differs. Returns `{ changed, missing, fresh, errors }`.
 */
export function extract({ root, dts, name, reportFolder, tempFolder, update }) {
  const report = join(reportFolder, `${name}.api.md`);
  const model = join(reportFolder, `${name}.api.json`);
  const missing = !existsSync(report) || !existsSync(model);
  mkdirSync(tempFolder, { recursive: true });
  const freshModel = join(tempFolder, `${name}.api.json`);
  const config = ExtractorConfig.prepare({
    configObject: {
      projectFolder: root,
      mainEntryPointFilePath: join(root, dts),
      compiler: {
        overrideTsconfig: {
          compilerOptions: {
            target: 'ES2022',
            module: 'NodeNext',
            moduleResolution: 'NodeNext',
            lib: ['ES2022', 'DOM', 'DOM.Iterable'],
            skipLibCheck: true,
            types: [],
          },
        },
      },
      apiReport: { enabled: true, reportFolder, reportTempFolder: tempFolder, reportFileName: name },
      docModel: { enabled: true, apiJsonFilePath: freshModel },
      dtsRollup: { enabled: false },
      tsdocMetadata: { enabled: false },
    },
    configObjectFullPath: join(root, 'api-extractor.json'),
    packageJsonFullPath: join(root, 'package.json'),
  });
  const errors = [];
  const result = Extractor.invoke(config, {
    localBuild: update,
    // Its notes on documentation style are not what this gate is about: keep the errors only.
    messageCallback: (message) => {
      if (message.logLevel === 'error') errors.push(message.text);
      message.handled = true;
    },
  });
  const fresh = join(tempFolder, `${name}.api.md`);
  let modelChanged = true;
  if (existsSync(freshModel)) {
    const text = modelText({
      ...JSON.parse(readFileSync(freshModel, 'utf8')),
      exportedDefaults: exportedDefaults(root, dts),
    });
    writeFileSync(freshModel, text);
    if (update) writeFileSync(model, text);
    modelChanged = !existsSync(model) || readFileSync(model, 'utf8') !== text;
  } else errors.push(`API Extractor wrote no doc model for ${dts}`);
  return {
    changed: missing || result.apiReportChanged || modelChanged,
    missing,
    fresh,
    report,
    model,
    freshModel,
    errors,
  };
}

/** Checks (or, with `update`, rewrites) every entry's report; returns the problems found. */
export function apiReports({ root = projectRoot, update = false, reportFolder = join(root, REPORTS) } = {}) {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  // Outside the project: vitest, which runs beside this check, crawls the project for tests.
  const tempFolder = mkdtempSync(join(tmpdir(), 'astra-api-report-'));
  mkdirSync(reportFolder, { recursive: true });
  const problems = [];
  const list = entries(pkg);
  try {
    for (const entry of list) {
      if (!existsSync(join(root, entry.dts))) {
        problems.push(`${entry.subpath}: ${entry.dts} is missing: build first (npm run build)`);
        continue;
      }
      const outcome = extract({ root, ...entry, reportFolder, tempFolder, update });
      for (const error of outcome.errors) problems.push(`${entry.subpath}: ${error}`);
      if (update || !outcome.changed) continue;
      const where = relative(root, outcome.report);
      if (outcome.missing)
        problems.push(
          `${entry.subpath}: no API report or model (${where}, .api.json): run \`npm run api:report\` and commit them`,
        );
      else {
        const gitDiff = (a, b) =>
          spawnSync('git', ['diff', '--no-index', '--no-color', a, b], { encoding: 'utf8' }).stdout;
        const diff = gitDiff(outcome.report, outcome.fresh) || gitDiff(outcome.model, outcome.freshModel);
        problems.push(
          `${entry.subpath}: the exported API differs from ${where}; if that is meant, run \`npm run api:report\`, commit the report and add a changeset:\n${diff}`,
        );
      }
    }
    const expected = new Set(list.flatMap((entry) => [`${entry.name}.api.md`, `${entry.name}.api.json`]));
    for (const file of readdirSync(reportFolder).filter((f) => /\.api\.(md|json)$/.test(f) && !expected.has(f)))
      problems.push(`${REPORTS}/${file} belongs to no entry of package.json exports: delete it`);
  } finally {
    rmSync(tempFolder, { recursive: true, force: true });
  }
  return { entries: list, problems };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const update = process.argv.includes('--update');
  const { entries: list, problems } = apiReports({ update });
  for (const problem of problems) console.error(`API report: ${problem}`);
  if (problems.length) process.exit(1);
  console.log(
    `${update ? 'wrote' : 'checked'} ${list.map((e) => `${REPORTS}/${e.name}.api.{md,json}`).join(', ')} (${list.map((e) => e.subpath).join(', ')})`,
  );
}
