// Imports each built entry of the package (ESM and CommonJS) in a bare `vm` context: one
// with only what ECMAScript itself defines, so no TextDecoder, Response, Request, Headers,
// ReadableStream, crypto, URL or timers, as in Jest's stock jsdom environment and older
// runtimes. An entry that evaluates a web global at import fails here with its
// ReferenceError. Run with `node --experimental-vm-modules import-probe.mjs <dist>`;
// prints one JSON line: [{ entry, format, error? , exports? }].
//
// `./msw`'s dependency msw is replaced by a stand-in of the same export names: msw's own
// load extends Response (its HttpResponse) and is msw's business; what is checked is ours.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import vm from 'node:vm';

const dist = resolve(process.argv[2] ?? 'dist');
const require = createRequire(join(dist, '..', 'package.json'));
const WEB_GLOBALS = ['TextDecoder', 'TextEncoder', 'Response', 'Request', 'Headers', 'ReadableStream', 'crypto', 'URL'];
const ENTRIES = ['index', 'mock', 'query', 'spec', 'msw'];
const mswNames = Object.keys(await import(require.resolve('msw'))).filter((name) => name !== 'default');

function bareContext() {
  const context = vm.createContext({});
  const present = WEB_GLOBALS.filter((name) => vm.runInContext(`typeof ${name} !== 'undefined'`, context));
  if (present.length) throw new Error(`the bare context has ${present.join(', ')}`);
  return context;
}

/** A stand-in for msw in `context`: every name msw exports, as a function that throws if called. */
const mswStandIn = () =>
  Object.fromEntries(
    mswNames.map((name) => [
      name,
      () => {
        throw new Error(`msw.${name} called at import`);
      },
    ]),
  );

async function importEsm(entry) {
  const context = bareContext();
  const modules = new Map();
  const load = (file) => {
    let module = modules.get(file);
    if (!module) {
      module = new vm.SourceTextModule(readFileSync(file, 'utf8'), { identifier: file, context });
      modules.set(file, module);
    }
    return module;
  };
  const link = (specifier) => {
    if (specifier === 'astra-app-backups') return load(join(dist, 'index.js'));
    if (specifier === 'openapi-fetch') return load(require.resolve('openapi-fetch').replace(/\.cjs$/, '.mjs'));
    if (specifier === 'msw') {
      const standIn = mswStandIn();
      return new vm.SyntheticModule(
        mswNames,
        function () {
          for (const name of mswNames) this.setExport(name, standIn[name]);
        },
        { context },
      );
    }
    if (specifier.startsWith('./')) return load(join(dist, specifier));
    throw new Error(`${entry}.js imports ${specifier}, which the probe does not provide`);
  };
  const module = load(join(dist, `${entry}.js`));
  await module.link(link);
  await module.evaluate();
  return Object.keys(module.namespace);
}

function importCjs(entry) {
  const context = bareContext();
  const cache = new Map();
  const load = (file) => {
    if (cache.has(file)) return cache.get(file).exports;
    const module = { exports: {} };
    cache.set(file, module);
    const wrapper = vm.compileFunction(
      readFileSync(file, 'utf8'),
      ['exports', 'require', 'module', '__filename', '__dirname'],
      { parsingContext: context, filename: file },
    );
    const localRequire = (specifier) => {
      if (specifier === 'astra-app-backups') return load(join(dist, 'index.cjs'));
      if (specifier === 'msw') return mswStandIn();
      if (specifier.startsWith('./')) return load(join(dirname(file), specifier));
      throw new Error(`${entry}.cjs requires ${specifier}, which the probe does not provide`);
    };
    wrapper(module.exports, localRequire, module, file, dirname(file));
    return module.exports;
  };
  return Object.keys(load(join(dist, `${entry}.cjs`)));
}

const results = [];
for (const entry of ENTRIES) {
  for (const [format, run] of [
    ['esm', importEsm],
    ['cjs', importCjs],
  ]) {
    try {
      results.push({ entry, format, exports: (await run(entry)).sort() });
    } catch (error) {
      results.push({
        entry,
        format,
        error: String(error?.stack ?? error)
          .split('\n')
          .slice(0, 3)
          .join('\n'),
      });
    }
  }
}
console.log(JSON.stringify(results));
