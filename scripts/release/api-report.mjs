// The public API report: for every entry of package.json `exports` that has types, API
// Extractor reads its built declarations (dist/*.d.ts, so build first) and writes
// api-report/<package>[-<subpath>].api.md, committed. `npm run api:report` updates the reports;
// without `--update` (as npm test runs it) a report that differs, is missing, or belongs to no
// entry fails, with the difference printed. A new subpath in `exports` is picked up by itself.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
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
 * Runs API Extractor on one entry. `update`: writes the report; otherwise writes the fresh
 * one to `tempFolder` and says whether it differs. Returns `{ changed, missing, fresh, errors }`.
 */
export function extract({ root, dts, name, reportFolder, tempFolder, update }) {
  const report = join(reportFolder, `${name}.api.md`);
  const missing = !existsSync(report);
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
      docModel: { enabled: false },
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
  return { changed: missing || result.apiReportChanged, missing, fresh, report, errors };
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
        problems.push(`${entry.subpath}: no API report (${where}): run \`npm run api:report\` and commit it`);
      else {
        const diff = spawnSync('git', ['diff', '--no-index', '--no-color', outcome.report, outcome.fresh], {
          encoding: 'utf8',
        }).stdout;
        problems.push(
          `${entry.subpath}: the exported API differs from ${where}; if that is meant, run \`npm run api:report\`, commit the report and add a changeset:\n${diff}`,
        );
      }
    }
    const expected = new Set(list.map((entry) => `${entry.name}.api.md`));
    for (const file of readdirSync(reportFolder).filter((f) => f.endsWith('.api.md') && !expected.has(f)))
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
    `${update ? 'wrote' : 'checked'} ${list.map((e) => `${REPORTS}/${e.name}.api.md`).join(', ')} (${list.map((e) => e.subpath).join(', ')})`,
  );
}
