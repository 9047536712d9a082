import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { root } from '../support/spec.js';

const env = {
  ...process.env,
  REDOCLY_TELEMETRY: 'off',
  REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true',
  SCARF_ANALYTICS: 'false',
};

function lint(dir: string) {
  const result = spawnSync(
    join(root, 'node_modules', '.bin', 'redocly'),
    ['lint', 'openapi/openapi.yaml', '--format=json'],
    {
      cwd: dir,
      env,
      encoding: 'utf8',
    },
  );
  const json = result.stdout.slice(result.stdout.indexOf('{'));
  return {
    status: result.status,
    report: JSON.parse(json) as { totals: { errors: number; warnings: number }; problems: { ruleId: string }[] },
  };
}

describe('redocly lint (recommended-strict and our rules)', () => {
  it('finds zero errors and zero warnings in the spec, with no ignore file', () => {
    const { status, report } = lint(root);
    expect(report.problems.map((p) => p.ruleId)).toEqual([]);
    expect(report.totals).toMatchObject({ errors: 0, warnings: 0 });
    expect(status).toBe(0);
  });

  const scratch = mkdtempSync(join(tmpdir(), 'astra-lint-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('fails when an error response leaves the Problem schema, or an example breaks its schema', () => {
    cpSync(join(root, 'openapi'), join(scratch, 'openapi'), { recursive: true });
    cpSync(join(root, 'redocly.yaml'), join(scratch, 'redocly.yaml'));
    const edit = (file: string, from: string | RegExp, to: string) => {
      const path = join(scratch, 'openapi', 'components', file);
      const before = readFileSync(path, 'utf8');
      const after = before.replace(from, to);
      expect(after, `${file} was not changed`).not.toBe(before);
      writeFileSync(path, after);
    };
    edit('responses/BackupsNotListed.yaml', 'application/problem+json', 'application/json');
    edit('responses/Forbidden.yaml', 'schemas/Problem.yaml', 'schemas/Label.yaml');
    edit('examples/ResourceNotFound.yaml', /status: ['"]404['"]/, 'status: 404');
    const { status, report } = lint(scratch);
    const rules = new Set(report.problems.map((p) => p.ruleId));
    expect(rules).toContain('rule/error-media-type-is-problem-json');
    expect(rules).toContain('rule/error-schema-is-problem');
    expect(rules).toContain('no-invalid-media-type-examples');
    expect(status).not.toBe(0);
  });
});
