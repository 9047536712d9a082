// `node scripts/run.mjs TOOL ARGS...`: runs a locally installed tool in the quiet environment.
import { runTool } from './lib/tools.mjs';

const [name, ...args] = process.argv.slice(2);
runTool(name, args);
