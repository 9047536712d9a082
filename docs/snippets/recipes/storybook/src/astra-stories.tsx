// src/astra-stories.tsx: a simulator per story, all served by the one MSW worker at once.
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { type AstraSimulator, createAstraSimulator } from 'astra-app-backups/mock';
import { astraHandlers } from 'astra-app-backups/msw';
import type { RequestHandler } from 'msw';
import { type ReactNode, useState } from 'react';
import { AstraProvider, createAstra } from './astra';

let stories = 0;

/**
 * The simulators of one stories file. Each story gets a simulator of its own, served under a
 * base URL of its own (`/astra/story-N`), and the file's handlers are installed together: a
 * Docs page renders its stories at once with one worker and one set of handlers
 * (mswjs/msw-storybook-addon#83), so each story still reaches its own state.
 */
export function astraStories() {
  const handlers: RequestHandler[] = [];
  return {
    /** For the file's `parameters.msw.handlers`. */
    handlers,
    /** A story whose API is a simulator of its own, set up by `prepare`: a fixture, a fault, latency. */
    state(prepare?: (sim: AstraSimulator) => unknown) {
      const sim = createAstraSimulator({ seed: 'storybook' }); // fixed ids, a frozen clock
      prepare?.(sim);
      const baseUrl = `/astra/story-${++stories}`;
      handlers.push(...astraHandlers(sim, { baseUrl }));
      return { parameters: { astra: { baseUrl } } };
    },
  };
}

/** The decorator's wrapper: a QueryClient and an Astra client of the story's own. */
export function AstraStory({ baseUrl, children }: { baseUrl?: string; children: ReactNode }) {
  const [queryClient] = useState(() => new QueryClient());
  const [astra] = useState(() => createAstra(baseUrl));
  return (
    <QueryClientProvider client={queryClient}>
      <AstraProvider value={astra}>{children}</AstraProvider>
    </QueryClientProvider>
  );
}
