// TypeScript consumers: a consumer file (and, where Node resolves CommonJS, a .cts one)
// type-checked against the installed package, without skipLibCheck, under nodenext,
// node16 and bundler, with a consumer of the simulator's entries (./mock, ./msw). Each
// resolution is one check.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

const RESOLUTIONS = {
  nodenext: { module: 'nodenext', moduleResolution: 'nodenext', files: ['consumer.ts', 'consumer-cjs.cts'] },
  node16: { module: 'node16', moduleResolution: 'node16', files: ['consumer.ts', 'consumer-cjs.cts'] },
  bundler: { module: 'esnext', moduleResolution: 'bundler', files: ['consumer.ts'] },
};

/**
 * Runs tsc once per resolution, the three at once; resolves with one result per resolution.
 * `tag` (the TypeScript version) keeps each version's configs apart in the shared folder.
 */
export function checkTypes({ tsc, tag, app, run, breakCheck, node = process.execPath }) {
  writeFileSync(join(app, 'broken.ts'), "export const broken: number = 'a string, on purpose';\n");
  return Promise.all(
    Object.entries(RESOLUTIONS).map(async ([name, { module, moduleResolution, files }]) => {
      const config = join(app, `tsconfig.${name}.${tag}.json`);
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
      writeFileSync(
        config,
        JSON.stringify(
          {
            compilerOptions,
            files: [...files, 'consumer-mock.ts', ...(breakCheck ? ['broken.ts'] : [])],
          },
          null,
          2,
        ),
      );
      // A generous bound: TypeScript 5 checking the DOM lib takes a minute on a busy 2-core machine.
      const result = await run(node, [tsc, '-p', config, '--pretty', 'false'], { cwd: app, bound: 600_000 });
      const errors = `${result.stdout}${result.stderr}`.trim().split('\n').filter(Boolean);
      return {
        check: name,
        ok: result.code === 0,
        detail:
          result.code === 0 ? 'no error' : `${errors.length} lines: ${errors.slice(0, 3).join(' | ').slice(0, 400)}`,
      };
    }),
  );
}
