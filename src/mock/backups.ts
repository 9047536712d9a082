// Astra's rules for backups, on state held by one simulator: any well-formed account and
// app exists; each account is isolated; the example account starts seeded. A created
// backup is `pending` for the first tenth of `backupMs`, then `running` with rising
// progress, then `completed` (or `failed` half-way, for a name starting with `fail-`).
// A deleted backup is gone within a second, as the live API deletes asynchronously.
import { DEFAULT_BUCKET, EXAMPLE_ACCOUNT, seedBackups } from './seed.js';

/** How long a deleted backup stays visible (the live API deletes asynchronously). */
export const DELETE_LAG_MS = 500;
const CREATOR = 'a7c2d4e6-8f10-4b3a-9c5d-7e9f1a2b3c4d';

export interface StateDetail {
  type: string;
  title: string;
  detail: string;
}
export interface Label {
  name: string;
  value: string;
}

/** A backup as the simulator keeps it; `view` shows it as the API does at a given time. */
export interface StoredBackup {
  id: string;
  /** Creation order within the simulator: the paging key. */
  seq: number;
  appId: string;
  name: string;
  bucketID: string;
  snapshotID: string;
  scheduleID?: string;
  createdAt: number;
  createdBy: string;
  labels: Label[];
  totalBytes: number;
  durationMs: number;
  failing: boolean;
  deletedAt?: number;
  /** A fixture's pending or running backup: where its progress is counted from (else `createdAt`). */
  progressFrom?: number;
  /** A fixture's backup in a settled state: shown exactly as it was loaded. */
  pinned?: AppBackupView;
  /** A seeded backup keeps this state. */
  fixed?: {
    state: string;
    progress: number;
    stateUnready?: string[];
    stateDetails?: StateDetail[];
    hookState?: string;
    hookStateDetails?: StateDetail[];
  };
}

export type AppBackupView = Record<string, unknown> & { id: string; name: string; state: string };

const iso = (ms: number) => new Date(ms).toISOString();

/** Why a `fail-` backup fails, as a UI would show it. */
const FAILURE = {
  unready: 'The object store bucket is not reachable: the backup stopped at 50 %.',
  detail: {
    type: 'https://astra.netapp.io/stateDetails/bucket-unreachable',
    title: 'Bucket not reachable',
    detail:
      'The object store bucket stopped answering half-way through copying the data; check the bucket and its credentials, then back up again.',
  },
} as const;

export interface BackupStoreOptions {
  backupMs: number;
  newId: () => string;
}

/** The backups of every account one simulator knows. */
export class BackupStore {
  readonly #accounts = new Map<string, Map<string, StoredBackup>>();
  #sequence = 0;
  readonly #options: BackupStoreOptions;

  constructor(options: BackupStoreOptions) {
    this.#options = options;
  }

  /** Back to the seeded state. */
  reset(): void {
    this.#accounts.clear();
    this.#sequence = 0;
  }

  #account(id: string): Map<string, StoredBackup> {
    let found = this.#accounts.get(id);
    if (!found) {
      found = new Map();
      this.#accounts.set(id, found);
      if (id === EXAMPLE_ACCOUNT)
        for (const seeded of seedBackups()) found.set(seeded.id, { ...seeded, seq: ++this.#sequence });
    }
    return found;
  }

  /** Replaces an account's backups (a fixture), in order; the example account is then not seeded. */
  replaceAccount(accountId: string, backups: Omit<StoredBackup, 'seq'>[]): void {
    const replaced = new Map<string, StoredBackup>();
    for (const b of backups) replaced.set(b.id, { ...b, seq: ++this.#sequence });
    this.#accounts.set(accountId, replaced);
  }

  /** The accounts that have state (the example account once it was used). */
  accountIds(): string[] {
    return [...this.#accounts.keys()];
  }

  /** Visible backups of the account (or of one app), oldest first; drops those whose deletion finished. */
  *visible(accountId: string, appId: string | undefined, t: number): Generator<StoredBackup> {
    const backups = this.#account(accountId);
    for (const b of backups.values()) {
      if (b.deletedAt !== undefined && t - b.deletedAt >= DELETE_LAG_MS) {
        backups.delete(b.id);
        continue;
      }
      if (appId === undefined || b.appId === appId) yield b;
    }
  }

  find(accountId: string, backupId: string, appId: string | undefined, t: number): StoredBackup | undefined {
    const backups = this.#account(accountId);
    const b = backups.get(backupId);
    if (!b) return undefined;
    if (b.deletedAt !== undefined && t - b.deletedAt >= DELETE_LAG_MS) {
      backups.delete(b.id);
      return undefined;
    }
    return appId === undefined || b.appId === appId ? b : undefined;
  }

  /** Adds a backup the API created; its name must be free (the caller checked). */
  add(
    accountId: string,
    appId: string,
    fields: { name: string; bucketID?: string; snapshotID?: string; labels: Label[] },
    t: number,
  ): StoredBackup {
    let hash = 0;
    for (const c of fields.name) hash = (hash * 31 + (c.codePointAt(0) ?? 0)) >>> 0;
    const b: StoredBackup = {
      id: this.#options.newId(),
      seq: ++this.#sequence,
      appId,
      name: fields.name,
      bucketID: fields.bucketID ?? DEFAULT_BUCKET,
      snapshotID: fields.snapshotID ?? this.#options.newId(),
      createdAt: t,
      createdBy: CREATOR,
      labels: fields.labels,
      totalBytes: 256 * 1_048_576 * (1 + (hash % 16)),
      durationMs: this.#options.backupMs,
      failing: fields.name.startsWith('fail-'),
    };
    this.#account(accountId).set(b.id, b);
    return b;
  }

  /** Forgets a backup at once (a create whose answer could not be served). */
  forget(accountId: string, backupId: string): void {
    this.#account(accountId).delete(backupId);
  }
}

/** The backup as the API shows it at time `t`. */
export function view(b: StoredBackup, t: number): AppBackupView {
  if (b.pinned) return structuredClone(b.pinned);
  let state: string;
  let progress: number;
  let stateUnready: string[] = [];
  let stateDetails: StateDetail[] | undefined;
  let hookState: string | undefined;
  let finishedAt: number | undefined;
  if (b.fixed) {
    ({ state, progress } = b.fixed);
    stateUnready = b.fixed.stateUnready ?? [];
    stateDetails = b.fixed.stateDetails;
    hookState = b.fixed.hookState;
    // A seeded backup last changed a few minutes after it was made: fixed timestamps.
    finishedAt = b.createdAt + (state === 'completed' || state === 'failed' || state === 'removed' ? 240_000 : 60_000);
  } else {
    const origin = b.progressFrom ?? b.createdAt;
    const elapsed = t - origin;
    const started = b.durationMs / 10;
    progress = Math.min(1, Math.max(0, (elapsed - started) / (b.durationMs - started)));
    if (elapsed < started) state = 'pending';
    else if (b.failing && progress >= 0.5) {
      state = 'failed';
      progress = 0.5;
      finishedAt = origin + started + (b.durationMs - started) / 2;
      stateUnready = [FAILURE.unready];
      stateDetails = [{ ...FAILURE.detail }];
    } else if (elapsed < b.durationMs) state = 'running';
    else {
      state = 'completed';
      finishedAt = origin + b.durationMs;
    }
    if (state !== 'pending') hookState = 'success';
  }
  const percentDone = state === 'completed' ? 100 : Math.floor(progress * 100);
  return {
    type: 'application/astra-appBackup',
    version: '1.1',
    id: b.id,
    name: b.name,
    bucketID: b.bucketID,
    snapshotID: b.snapshotID,
    ...(b.scheduleID ? { scheduleID: b.scheduleID } : {}),
    state,
    stateUnready,
    ...(stateDetails ? { stateDetails: stateDetails.map((d) => ({ ...d })) } : {}),
    ...(hookState ? { hookState } : {}),
    hookStateDetails: (b.fixed?.hookStateDetails ?? []).map((d) => ({ ...d })),
    ...(state === 'completed' && finishedAt !== undefined ? { backupCreationTimestamp: iso(finishedAt) } : {}),
    totalBytes: b.totalBytes,
    bytesDone: state === 'completed' ? b.totalBytes : Math.floor(b.totalBytes * (percentDone / 100)),
    percentDone,
    metadata: {
      labels: b.labels.map((l) => ({ ...l })),
      creationTimestamp: iso(b.createdAt),
      modificationTimestamp: iso(Math.min(t, finishedAt ?? t)),
      createdBy: b.createdBy,
    },
  };
}
