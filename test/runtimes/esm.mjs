// ESM entry for Node, Bun and Deno: imports the package by its name, as a user would,
// runs the checks and prints their results on one line.
import * as api from 'astra-app-backups';
import { RESULT_MARK, runChecks } from './checks.mjs';

const options = JSON.parse(globalThis.Deno ? globalThis.Deno.args[0] : process.argv[2]);
const mock = options.backend === 'simulator' ? await import('astra-app-backups/mock') : undefined;
console.log(RESULT_MARK + JSON.stringify(await runChecks(api, options, mock)));
