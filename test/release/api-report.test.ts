// The public API report gate (scripts/release/api-report.mjs, API Extractor): every entry of
// package.json `exports` with types has a committed report; an export removed from the build
// changes the report (a deliberate break), and an entry without a report fails. The check of
// the real build against the committed reports runs beside vitest in npm test.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { entries, extract, REPORTS } from '../../scripts/release/api-report.mjs';
import { root } from '../support/spec.js';

const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { exports: Record<string, unknown> };
// Under dist/ (ignored by git), so that the declarations resolve openapi-fetch as the build does;
// made once the tests run, never while vitest looks for test files.
let scratch = '';
beforeAll(() => {
  scratch = mkdtempSync(join(root, 'dist', '.api-report-test-'));
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('the API report', () => {
  it('covers every entry of package.json exports that has types, new ones included', () => {
    const typed = Object.entries(pkg.exports)
      .filter(([, target]) => JSON.stringify(target).includes('.d.ts'))
      .map(([subpath]) => subpath);
    expect(entries(pkg).map((e) => e.subpath)).toEqual(typed);
    expect(typed).toEqual(expect.arrayContaining(['.', './spec']));
    const more = {
      name: 'astra-app-backups',
      exports: {
        ...pkg.exports,
        './msw': { import: { types: './dist/msw.d.ts', default: './dist/msw.js' } },
        './query': { types: './dist/query.d.ts', default: './dist/query.js' },
      },
    };
    expect(entries(more).map((e) => [e.subpath, e.dts, e.name])).toEqual(
      expect.arrayContaining([
        ['./msw', './dist/msw.d.ts', 'astra-app-backups-msw'],
        ['./query', './dist/query.d.ts', 'astra-app-backups-query'],
      ]),
    );
  });

  it('changes when an export is removed from the build (isProblemError, a deliberate break)', () => {
    const built = readFileSync(join(root, 'dist', 'index.d.ts'), 'utf8');
    const broken = built.replace(/, isProblemError(?=[,\s}])/, '');
    expect(broken).not.toBe(built);
    const dir = join(scratch, 'removed');
    mkdirSync(dir);
    writeFileSync(join(dir, 'index.d.ts'), broken);
    const temp = join(scratch, 'temp-removed');
    const outcome = extract({
      root,
      dts: join(dir.slice(root.length + 1), 'index.d.ts'),
      name: 'astra-app-backups',
      reportFolder: join(root, REPORTS),
      tempFolder: temp,
      update: false,
    });
    expect(outcome.errors).toEqual([]);
    expect(outcome.missing).toBe(false);
    expect(outcome.changed).toBe(true);
    expect(readFileSync(outcome.report, 'utf8')).toContain('export function isProblemError(');
    expect(readFileSync(outcome.fresh, 'utf8')).not.toContain('export function isProblemError(');
  }, 240_000);

  it('fails an entry that has no report', () => {
    const outcome = extract({
      root,
      dts: 'dist/spec.d.ts',
      name: 'astra-app-backups-spec',
      reportFolder: join(scratch, 'no-reports'),
      tempFolder: join(scratch, 'temp-missing'),
      update: false,
    });
    expect(outcome).toMatchObject({ missing: true, changed: true, errors: [] });
  }, 240_000);
});
