// TypeScript consumers: a consumer file (and, where Node resolves CommonJS, a .cts one)
// type-checked against the installed package, without skipLibCheck, under nodenext,
// node16 and bundler. Each resolution is one check.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

const RESOLUTIONS = {
  nodenext: { module: 'nodenext', moduleResolution: 'nodenext', files: ['consumer.ts', 'consumer-cjs.cts'] },
  node16: { module: 'node16', moduleResolution: 'node16', files: ['consumer.ts', 'consumer-cjs.cts'] },
  bundler: { module: 'esnext', moduleResolution: 'bundler', files: ['consumer.ts'] },
};

/** Runs tsc once per resolution; resolves with one result per resolution. */
export async function checkTypes({ tsc, app, run, breakCheck, node = process.execPath }) {
  const results = [];
  for (const [name, { module, moduleResolution, files }] of Object.entries(RESOLUTIONS)) {
    const config = join(app, `tsconfig.${name}.json`);
    const compilerOptions = {
      module,
      moduleResolution,
      target: 'es2022',
      lib: ['es2022', 'dom', 'dom.iterable'],
      types: [],
      strict: true,
      noEmit: true,
      skipLibCheck: false,
      exactOptionalPropertyTypes: true,
    };
    writeFileSync(join(app, 'broken.ts'), "export const broken: number = 'a string, on purpose';\n");
    writeFileSync(
      config,
      JSON.stringify({ compilerOptions, files: breakCheck ? [...files, 'broken.ts'] : files }, null, 2),
    );
    const result = await run(node, [tsc, '-p', config, '--pretty', 'false'], { cwd: app });
    const errors = `${result.stdout}${result.stderr}`.trim().split('\n').filter(Boolean);
    results.push({
      check: name,
      ok: result.code === 0,
      detail:
        result.code === 0 ? 'no error' : `${errors.length} lines: ${errors.slice(0, 3).join(' | ').slice(0, 400)}`,
    });
  }
  return results;
}
