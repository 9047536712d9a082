// The published spec in the generators a frontend team feeds it to: @hey-api/openapi-ts (its
// fetch client and SDK) and orval (react-query hooks over fetch, with MSW mocks) each generate
// from dist/openapi.json without an error, and the generated code type-checks (strict) against
// the packages it imports. The last test shows tsc failing a generated file broken on purpose,
// so that a check that sees nothing cannot pass.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { root } from '../support/spec.js';

const env = { ...process.env, SCARF_ANALYTICS: 'false', DO_NOT_TRACK: '1', NO_COLOR: '1' };
const bin = (name: string) => join(root, 'node_modules', '.bin', name);
// Under dist/ (ignored by git), so that the generated code resolves the project's node_modules.
let scratch = '';
beforeAll(() => {
  scratch = mkdtempSync(join(root, 'dist', '.generators-'));
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function run(command: string, args: string[], cwd: string) {
  const result = spawnSync(command, args, { cwd, env, encoding: 'utf8', timeout: 120_000 });
  return { code: result.status, output: `${result.stdout ?? ''}${result.stderr ?? ''}` };
}

/** Type-checks every .ts file under `dir` (strict, as a consumer's project would). */
function typeCheck(dir: string) {
  writeFileSync(
    join(dir, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        target: 'ES2022',
        module: 'ESNext',
        moduleResolution: 'Bundler',
        lib: ['ES2022', 'DOM', 'DOM.Iterable'],
        jsx: 'react-jsx',
        strict: true,
        noEmit: true,
        skipLibCheck: true,
        types: [],
      },
      include: ['**/*.ts'],
    }),
  );
  return run(bin('tsc'), ['-p', join(dir, 'tsconfig.json')], dir);
}

describe('the spec in client generators', () => {
  it('@hey-api/openapi-ts 0.95 generates a client that type-checks', () => {
    const out = join(scratch, 'hey-api');
    const generated = run(bin('openapi-ts'), ['-i', join(root, 'dist', 'openapi.json'), '-o', out], scratch);
    expect(generated.output).not.toMatch(/error/i);
    expect(generated.code).toBe(0);
    expect(readFileSync(join(out, 'sdk.gen.ts'), 'utf8')).toContain('createAppBackupForApp');
    const checked = typeCheck(out);
    expect(checked.output).toBe('');
    expect(checked.code).toBe(0);
  }, 240_000);

  it('orval 7.13 generates react-query hooks and MSW mocks that type-check', () => {
    const dir = join(scratch, 'orval');
    mkdirSync(dir);
    writeFileSync(
      join(dir, 'orval.config.cjs'),
      `module.exports = { astra: { input: { target: ${JSON.stringify(join(root, 'dist', 'openapi.json'))} }, output: { target: './astra.ts', client: 'react-query', httpClient: 'fetch', mock: true, mode: 'single' } } };\n`,
    );
    const generated = run(bin('orval'), ['--config', 'orval.config.cjs'], dir);
    expect(generated.output).not.toMatch(/error|invalid/i);
    expect(generated.code).toBe(0);
    const code = readFileSync(join(dir, 'astra.ts'), 'utf8');
    expect(code).toContain('useCreateAppBackupForApp');
    expect(code).toContain("from 'msw'");
    const checked = typeCheck(dir);
    expect(checked.output).toBe('');
    expect(checked.code).toBe(0);
  }, 240_000);

  it('the type-check fails a generated file broken on purpose', () => {
    const dir = join(scratch, 'broken');
    mkdirSync(dir);
    writeFileSync(join(dir, 'broken.ts'), "export const percentDone: number = 'fifty';\n");
    const checked = typeCheck(dir);
    expect(checked.code).not.toBe(0);
    expect(checked.output).toContain('TS2322');
  }, 240_000);
});
