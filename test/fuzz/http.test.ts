// The mock over HTTP, fuzzed briefly from the spec, one server at a time:
// - `npm start` (the server, Prism's check of each request and answer as its step) and the
//   packaged server (`astra-backups mock`, the simulator given what the socket brought): the
//   same properties as the core's, through everything a client talks to; refused requests
//   come first, as a valid DELETE leaves a backup visible for a moment, which would make
//   "nothing changed" compare a moving list;
// - `MOCK=examples` (Prism's static mock behind the front): no state to keep, but every
//   answer must still be one the spec declares.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type StartedMock, startMock } from '../../scripts/mock/start.mjs';
import { startMockServer } from '../../src/mock-server/index.js';
import type { Pools } from './arbitraries.js';
import {
  headIsGetWithoutBody,
  invalidRequestsAreRefused,
  lifecycleCommands,
  lifecycleModel,
  unsupportedMethodsGet405,
  validRequestsAnswerAsDeclared,
} from './properties.js';
import { fuzz, httpTarget, poolsOf, settings, type Target } from './targets.js';

const BACKUP_MS = 2_000;
// Over HTTP a run costs up to a second at load 40 on 2 cores: fewer runs are forced past the cap.
const MIN_HTTP_RUNS = 3;
// Prism may take up to its 90 s start-up bound at such a load: the start gets more than that.
const START_MS = 150_000;
const ACCOUNTS = ['9ff53b28-2a88-4b1c-8b4a-2d3c1a4f0b5e', '00000000-0000-4000-8000-00000000f023'];

/**
 * The same properties as the core's, through a server a client talks to: `npm start` (the
 * server with Prism's check as its step, a Request per request) and the packaged server
 * (`astra-backups mock`, which hands the simulator what the socket brought).
 */
function statefulServer(name: string, start: () => Promise<{ url: string; stop(): Promise<void> }>) {
  describe(`${name}, fuzzed from the spec`, () => {
    let server: { url: string; stop(): Promise<void> } | undefined;
    let target: Target;
    let pools: Pools;
    beforeAll(async () => {
      server = await start();
      target = httpTarget(name, server.url);
      pools = await poolsOf(target, ACCOUNTS);
    }, START_MS);
    afterAll(async () => {
      await server?.stop();
    });

    it('refuses invalid requests with a 4xx problem and changes nothing', async () => {
      await fuzz(invalidRequestsAreRefused(target, pools, { accounts: ACCOUNTS }), settings(60, 2_000), MIN_HTTP_RUNS);
    });

    it('answers valid requests with a declared status and a body the schema accepts', async () => {
      await fuzz(validRequestsAnswerAsDeclared(target, pools), settings(80, 1_500), MIN_HTTP_RUNS);
    });

    it('answers methods the spec does not give a path with 405 and Allow', async () => {
      await fuzz(
        unsupportedMethodsGet405(target, pools, ['PUT', 'PATCH', 'TRACE', 'POST', 'DELETE']),
        settings(20, 500),
        MIN_HTTP_RUNS,
      );
    });

    it('answers HEAD as the GET without a body', async () => {
      await fuzz(headIsGetWithoutBody(target, pools), settings(20, 500), MIN_HTTP_RUNS);
    });

    it('keeps create, get, list and delete consistent over any sequence', async () => {
      let run = 0;
      await fuzz(
        fc.asyncProperty(lifecycleCommands(BACKUP_MS, false), async (commands) => {
          run++;
          // A fresh account per run: the server's clock is the wall clock, so runs cannot share one.
          const id = (k: number) =>
            `00000000-0000-4000-8000-${(0xf0000 + run * 16 + k).toString(16).padStart(12, '0')}`;
          const model = lifecycleModel(id(0), [id(1), id(2), id(3)], Date.now);
          await fc.asyncModelRun(() => ({ model, real: { target, backupMs: BACKUP_MS } }), commands);
        }),
        settings(10, 1_500),
        MIN_HTTP_RUNS,
      );
    });
  });
}

statefulServer('the npm start stack', () => startMock({ backupMs: BACKUP_MS, alarm: () => {} }));
statefulServer('the packaged server (astra-backups mock)', async () => {
  const server = await startMockServer({ port: 0, backupMs: BACKUP_MS, alarm: () => {} });
  return { url: server.url, stop: () => server.close() };
});

describe('MOCK=examples, fuzzed from the spec', () => {
  let mock: StartedMock;
  let target: Target;
  const pools: Pools = new Map();
  beforeAll(async () => {
    mock = await startMock({ mode: 'examples', alarm: () => {} });
    target = httpTarget('MOCK=examples', mock.url);
  }, START_MS);
  afterAll(async () => {
    await mock?.stop();
  });

  it('refuses invalid requests with a 4xx problem, and keeps running', async () => {
    await fuzz(
      invalidRequestsAreRefused(target, pools, { accounts: [], declaredOnly: false, repeats: false }),
      settings(60, 1_500),
      MIN_HTTP_RUNS,
    );
    // Still serving (Prism runs in the mock's process now: a Prism crash would stop it).
    expect((await fetch(`${mock.url}/__astra/journal`)).status).toBe(200);
  });

  it('answers valid requests with a declared status and a body the schema accepts', async () => {
    await fuzz(validRequestsAnswerAsDeclared(target, pools), settings(40, 1_000), MIN_HTTP_RUNS);
  });

  it('answers methods the spec does not give a path with 405 and Allow', async () => {
    await fuzz(
      unsupportedMethodsGet405(target, pools, ['PUT', 'PATCH', 'TRACE', 'POST', 'DELETE']),
      settings(10, 500),
      MIN_HTTP_RUNS,
    );
  });

  it('answers HEAD as the GET without a body', async () => {
    await fuzz(headIsGetWithoutBody(target, pools), settings(10, 500), MIN_HTTP_RUNS);
  });
});
