// The `astra-backups` executable.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

// `astra-backups list | head -1`: the reader went away; that is no error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

/** The value of `--ca-file`, if given. */
function caFile(argv: string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--') return undefined;
    if (arg === '--ca-file') return argv[i + 1];
    if (arg.startsWith('--ca-file=')) return arg.slice('--ca-file='.length);
  }
  return undefined;
}

const argv = process.argv.slice(2);
const ca = caFile(argv);
if (ca !== undefined && process.env.NODE_EXTRA_CA_CERTS !== resolve(ca)) {
  // Node reads the extra CAs once, at start-up: run the CLI again with them.
  let pem = '';
  try {
    pem = readFileSync(ca, 'utf8');
  } catch (error) {
    pem = `unreadable: ${(error as NodeJS.ErrnoException).code ?? 'error'}`;
  }
  if (!pem.includes('-----BEGIN CERTIFICATE-----')) {
    process.stderr.write(
      `astra-backups: --ca-file ${JSON.stringify(ca)} is no PEM certificate file (${pem.startsWith('unreadable') ? pem : 'no BEGIN CERTIFICATE line'}); give the CA's certificate in PEM form\n`,
    );
    process.exit(2);
  }
  const child = spawn(process.execPath, [...process.execArgv, process.argv[1] ?? '', ...argv], {
    stdio: 'inherit',
    env: { ...process.env, NODE_EXTRA_CA_CERTS: resolve(ca) },
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
} else {
  // `mock` needs none of the SDK: the simulator's server alone starts sooner.
  const run =
    argv[0] === 'mock'
      ? import('../mock-server/index.js').then(({ runMockCommand }) =>
          runMockCommand(argv.slice(1), {
            stdout: process.stdout,
            stderr: process.stderr,
            once: (signal, listener) => process.once(signal, listener),
            stdin: process.stdin,
            exitWithParent: true,
          }),
        )
      : import('./main.js').then(({ main }) => main(argv, process));
  run.then((code) => {
    process.exitCode = code;
  });
}
