// `npm start`: bundles the spec and serves the Prism mock on 127.0.0.1:4010 (PORT to change it).
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startFront } from './lib/front.mjs';
import { startPrism } from './lib/prism.mjs';
import { root } from './lib/tools.mjs';

const port = Number(process.env.PORT ?? 4010);
if (!Number.isInteger(port) || port < 1 || port > 65535) {
  console.error(`PORT must be a whole number from 1 to 65535, got ${JSON.stringify(process.env.PORT)}`);
  process.exit(2);
}
const bundled = spawnSync(process.execPath, ['scripts/bundle.mjs'], { cwd: root, stdio: 'inherit' });
if (bundled.status !== 0) process.exit(bundled.status ?? 1);

// Prism on a port of its own; the front (see lib/front.mjs) on PORT.
const prism = await startPrism({ stdio: 'inherit' }).catch((error) => {
  console.error(`The mock did not start: ${error.message}`);
  process.exit(1);
});
const spec = JSON.parse(readFileSync(join(root, 'dist', 'openapi.json'), 'utf8'));
const front = await startFront({
  port,
  upstream: prism.url,
  invalidJsonProblem: spec.components.examples.InvalidJsonPayload.value,
}).catch(async (error) => {
  console.error(`The mock could not listen on 127.0.0.1:${port}: ${error.message}`);
  await prism.stop();
  process.exit(1);
});
const account = '9ff53b28-2a88-4b1c-8b4a-2d3c1a4f0b5e';
console.log(`
Astra Application Backup mock (Prism, CORS on) at ${front.url}
Try:
  curl -H 'Authorization: Bearer any-token' ${front.url}/accounts/${account}/topology/v1/appBackups
  curl -H 'Authorization: Bearer any-token' -H 'Prefer: code=404' ${front.url}/accounts/${account}/topology/v1/appBackups/54fe651d-3d3b-5fa8-b85c-5db757885ff3
Named examples: add 'Prefer: example=NAME' (see dist/openapi.yaml). Ctrl-C stops the mock.
`);
let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await front.close();
  await prism.stop();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
prism.child.on('exit', (code) => {
  if (!stopping) process.exit(code ?? 1);
});
