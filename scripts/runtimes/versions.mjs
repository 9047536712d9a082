// What `npm run test:runtimes` runs on: every runtime pinned, each taken from the npm
// registry as a package that holds its binary, the one that fits this machine's
// platform and architecture. Bump a version here, then run the suite: its table and
// the runtimes guide's table (docs/guide/runtimes.md) say what passed.

/** Node lines: the `engines` floor itself, then the newest release of each line users run. */
export const NODE_VERSIONS = ['20.0.0', '22.23.5', '24.22.3', '26.12.1'];
export const BUN_VERSION = '1.4.5';
export const DENO_VERSION = '2.9.6';
/** miniflare runs workerd (Cloudflare Workers); miniflare 4 needs Node 22, so it runs under the suite's Node 24. */
export const MINIFLARE_VERSION = '4.20260730.0';
export const MINIFLARE_NODE = '24.22.3';
/** MSW 2 on every Node line; MSW 3 needs Node 22.12 (on Node 20 it fails every request it intercepts). */
export const MSW2_VERSION = '2.15.0';
export const MSW3_VERSION = '3.0.5';
export const MSW3_MIN_NODE = [22, 12];
/** The oldest TypeScript the published types support (the runtimes guide says so), and the newest. */
export const TYPESCRIPT_FLOOR = '5.4.5';
export const TYPESCRIPT_NEWEST = '7.0.2';

const NODE_OS = { linux: 'linux', darwin: 'darwin' };
const NODE_CPU = { x64: 'x64', arm64: 'arm64' };

/** Says why this machine has no runtime packages, or undefined when it has. */
export function unsupportedPlatform(platform = process.platform, arch = process.arch) {
  if (!NODE_OS[platform] || !NODE_CPU[arch])
    return `runtime packages are picked for linux and darwin on x64 and arm64, not ${platform}-${arch}`;
  return undefined;
}

/**
 * The registry package (name, version) and binary of each runtime for this platform.
 * `bin` is relative to the package's folder.
 */
export function runtimePackages(platform = process.platform, arch = process.arch) {
  const os = NODE_OS[platform];
  const cpu = NODE_CPU[arch];
  const bunCpu = cpu === 'x64' ? 'x64' : 'aarch64';
  return {
    node: (version) => ({ name: `node-${os}-${cpu}`, version, bin: 'bin/node' }),
    bun: { name: `@oven/bun-${os}-${bunCpu}`, version: BUN_VERSION, bin: 'bin/bun' },
    deno: {
      name: os === 'linux' ? `@deno/linux-${cpu}-glibc` : `@deno/darwin-${cpu}`,
      version: DENO_VERSION,
      bin: 'deno',
    },
    miniflare: { name: 'miniflare', version: MINIFLARE_VERSION, bin: 'dist/src/index.js' },
    typescript: (version) => ({ name: 'typescript', version, bin: 'bin/tsc' }),
  };
}
