// A built site (Storybook's storybook-static/) served at the root of 127.0.0.1 on a free port: a
// service worker does not run from file://. The docs' static server, with the base `/`.
import { serveDocs } from '../../scripts/docs-serve.mjs';

export async function serveStatic(folder: string): Promise<{ origin: string; close(): Promise<void> }> {
  const { url, close } = await serveDocs({ dir: folder, base: '/' });
  return { origin: url.replace(/\/$/, ''), close: async () => void (await close()) };
}
