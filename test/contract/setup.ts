// Global setup of the contract projects: one Prism from the bundled spec, on a free
// port of 127.0.0.1, stopped by its PID afterwards. `contract`: `prism mock --errors`.
// `live`: `prism proxy --errors` in front of ASTRA_URL.
import type { TestProject } from 'vitest/node';
import { startPrism } from '../../scripts/lib/prism.mjs';

declare module 'vitest' {
  export interface ProvidedContext {
    prismUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const upstream = project.name === 'live' ? process.env.ASTRA_URL : undefined;
  if (project.name === 'live' && !upstream) throw new Error('the live contract suite needs ASTRA_URL');
  const prism = await startPrism(upstream ? { upstream, extraArgs: ['-v', 'warn'] } : { extraArgs: ['-v', 'error'] });
  project.provide('prismUrl', prism.url);
  return async () => {
    await prism.stop();
  };
}
