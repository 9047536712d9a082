// The control tests' fixture, one for every face (the core and sim.fetch in
// test/mock/control.test.ts, both servers over HTTP in test/mock/control-server.test.ts):
// an account of its own with one app holding a running backup at 40 % and a failed one.
import type { Fixture } from '../../src/mock/index.js';

export const OTHER_ACCOUNT = '11111111-2222-4333-8444-555555555555';
export const OTHER_APP = 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee';
/** The fixture's running backup, at 40 %, labelled team=ui. */
export const RUNNING = 'c3d4e5f6-a7b8-4c9d-8e0f-1a2b3c4d5e6f';
/** The fixture's failed backup. */
export const FAILED = 'd4e5f6a7-b8c9-4d0e-9f1a-2b3c4d5e6f70';

/** A fresh copy of the fixture (a test may change its copy). */
export const controlFixture = (): Fixture => ({
  accounts: [
    {
      id: OTHER_ACCOUNT,
      apps: [
        {
          id: OTHER_APP,
          backups: [
            {
              type: 'application/astra-appBackup',
              version: '1.1',
              id: RUNNING,
              name: 'ui-running',
              bucketID: '0afbe357-a717-4c7a-8b3d-d0368959c8de',
              state: 'running',
              stateUnready: [],
              totalBytes: 1_000_000,
              bytesDone: 400_000,
              percentDone: 40,
              metadata: {
                labels: [{ name: 'team', value: 'ui' }],
                creationTimestamp: '2026-10-30T08:00:00.000Z',
                modificationTimestamp: '2026-10-30T08:01:00.000Z',
                createdBy: '8f84cf09-8036-51e4-b579-bd30cb07b269',
              },
            },
            {
              type: 'application/astra-appBackup',
              version: '1.1',
              id: FAILED,
              name: 'ui-failed',
              bucketID: '0afbe357-a717-4c7a-8b3d-d0368959c8de',
              state: 'failed',
              stateUnready: ['The bucket was full.'],
              percentDone: 12,
              metadata: {
                labels: [],
                creationTimestamp: '2026-10-29T08:00:00.000Z',
                modificationTimestamp: '2026-10-29T08:10:00.000Z',
                createdBy: '8f84cf09-8036-51e4-b579-bd30cb07b269',
              },
            },
          ],
        },
      ],
    },
  ],
});
