// The example account's backups: the same in every simulator (a seeded generator, fixed
// dates), in every state, across three apps, one of them with a nightly schedule long
// enough (270 backups) that paging is real. Seeded backups keep their state; backups
// created through the API move.
import type { StateDetail, StoredBackup } from './backups.js';

export const EXAMPLE_ACCOUNT = '9ff53b28-2a88-4b1c-8b4a-2d3c1a4f0b5e';
export const EXAMPLE_APPS: Readonly<{
  /** The docs' example app: the documents' example backups (one pending), and room for new ones. */
  shop: string;
  /** A database with 270 nightly scheduled backups. */
  nightly: string;
  /** One backup in each of the other states: discovering, running, failed, removed, unknown. */
  states: string;
}> = Object.freeze({
  shop: '2b7d3f5c-1e8a-4c6b-9d0e-7f1a2b3c4d5e',
  nightly: 'c0a8e9f2-5b7d-4e1a-9c3f-2d8b6a4e1f70',
  states: '6e1f0c4b-8a2d-4f7e-b3c5-9d0a1e2f3b4c',
});
/** The documents' example backup, pending (so that deleting it is refused: problem 128). */
export const EXAMPLE_BACKUP = '54fe651d-3d3b-5fa8-b85c-5db757885ff3';
/** A completed backup of the shop app, safe to delete in samples. */
export const EXAMPLE_COMPLETED_BACKUP = 'f8faa690-7e09-48a4-b33c-7965712acd0c';
export const DEFAULT_BUCKET = '0afbe357-a717-4c7a-8b3d-d0368959c8de';
const CREATOR = '8f84cf09-8036-51e4-b579-bd30cb07b269';
const SCHEDULE = '3f6d2a1c-9b8e-4d7f-a5c4-1e2b3c4d5e6f';
const DAY = 86_400_000;
const EPOCH = Date.parse('2026-01-01T02:00:00Z');

/** mulberry32: a small deterministic generator, so that the seed is the same every time. */
function generator(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** A version-4 UUID from the generator. */
function uuid(random: () => number): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(random() * 16).toString(16));
  hex[12] = '4';
  hex[16] = '89ab'[Math.floor(random() * 4)] ?? '8';
  const s = hex.join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}

type Fixed = NonNullable<StoredBackup['fixed']>;

/** The seeded backups, oldest first (without their sequence numbers). */
export function seedBackups(): Omit<StoredBackup, 'seq'>[] {
  const random = generator(0x0a57a);
  const backups: Omit<StoredBackup, 'seq'>[] = [];
  const add = (
    appId: string,
    name: string,
    createdAt: number,
    fixed: Fixed & { totalBytes?: number },
    extra: { id?: string; labels?: { name: string; value: string }[]; scheduleID?: string } = {},
  ) => {
    const { totalBytes: fixedBytes, ...kept } = fixed;
    const totalBytes = fixedBytes ?? 64 * 1_048_576 * (1 + Math.floor(random() * 64));
    backups.push({
      id: extra.id ?? uuid(random),
      appId,
      name,
      bucketID: DEFAULT_BUCKET,
      snapshotID: uuid(random),
      createdAt,
      createdBy: CREATOR,
      labels: extra.labels ?? [],
      totalBytes,
      durationMs: 0,
      failing: false,
      ...(extra.scheduleID ? { scheduleID: extra.scheduleID } : {}),
      fixed: kept,
    });
  };
  const bucketLate: StateDetail = {
    type: 'https://astra.netapp.io/stateDetails/bucket-timeout',
    title: 'Bucket did not answer',
    detail: 'The object store bucket did not answer in time; the backup stopped.',
  };
  // The nightly app: 270 nights, one failure a month.
  for (let night = 0; night < 270; night++) {
    const at = EPOCH + night * DAY;
    const date = new Date(at).toISOString().slice(0, 10).replaceAll('-', '');
    const failed = night % 30 === 17;
    add(
      EXAMPLE_APPS.nightly,
      `nightly-${date}`,
      at,
      failed
        ? {
            state: 'failed',
            progress: 0.4,
            stateUnready: ['The object store bucket did not answer in time.'],
            stateDetails: [bucketLate],
            hookState: 'success',
          }
        : { state: 'completed', progress: 1, hookState: 'success' },
      { scheduleID: SCHEDULE, labels: [{ name: 'schedule', value: 'nightly' }] },
    );
  }
  // One in each other state.
  const stateAt = EPOCH + 280 * DAY;
  add(EXAMPLE_APPS.states, 'db-discovering', stateAt, { state: 'discovering', progress: 0 });
  add(EXAMPLE_APPS.states, 'db-running', stateAt + 1000, { state: 'running', progress: 0.5 });
  add(EXAMPLE_APPS.states, 'db-failed', stateAt + 2000, {
    state: 'failed',
    progress: 0,
    stateUnready: ['The pre-snapshot hook failed.'],
    stateDetails: [
      {
        type: 'https://astra.netapp.io/stateDetails/hook-failed',
        title: 'Pre-snapshot hook failed',
        detail: 'The pre-snapshot hook exited with status 1, so no snapshot was taken to back up.',
      },
    ],
    hookState: 'failed',
    hookStateDetails: [
      {
        type: 'https://astra.netapp.io/stateDetails/3',
        title: 'Hook failed',
        detail: 'The pre-snapshot hook exited with status 1.',
      },
    ],
  });
  add(EXAMPLE_APPS.states, 'db-removed', stateAt + 3000, {
    state: 'removed',
    progress: 1,
    stateUnready: ['The bucket holding this backup was removed.'],
  });
  add(EXAMPLE_APPS.states, 'db-unknown', stateAt + 4000, { state: 'unknown', progress: 0 });
  // The documents' own examples, in the docs' example app.
  add(
    EXAMPLE_APPS.shop,
    'app-name-244',
    stateAt + 5000,
    { state: 'completed', progress: 1, hookState: 'success', totalBytes: 52_428_800 },
    { id: EXAMPLE_COMPLETED_BACKUP },
  );
  add(EXAMPLE_APPS.shop, 'app-name-245', stateAt + 6000, { state: 'pending', progress: 0 }, { id: EXAMPLE_BACKUP });
  return backups;
}
