// Astra's rules for backups, on state held by one simulator: any well-formed account and
// app exists; each account is isolated; the example account starts seeded. A created
// backup is `pending` for the first tenth of `backupMs`, then `running` with rising
// progress, then `completed` (or `failed` half-way, for a name starting with `fail-`).
// A deleted backup is gone within a second, as the live API deletes asynchronously.
import { SIMULATOR_LIMITS, SimulatorLimitError, utf8Bytes } from './limits.js';
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
  /** A fixture's backup in a settled state: its JSON, shown exactly as it was loaded (checked then). */
  pinned?: string;
  /** A fixture's pending or running backup kept in its state (`keepState`). */
  keptMoving?: boolean;
  /** The JSON of the last view checked against the spec (a view that shows the same need not be checked again). */
  checked?: string;
  /** The JSON it shows for good, once it no longer changes (checked). */
  final?: string;
  /** The view it shows for good, once it no longer changes: what a list's `include` projects. */
  shown?: AppBackupView;
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

let seeded: number | undefined;
/** How many backups the example account is seeded with. */
const seededCount = (): number => {
  seeded ??= seedBackups().length;
  return seeded;
};

/** The backups of every account one simulator knows, within SIMULATOR_LIMITS. */
export class BackupStore {
  readonly #accounts = new Map<string, Map<string, StoredBackup>>();
  #sequence = 0;
  /** Backups held, every account together (deleted ones until they are gone). */
  #count = 0;
  readonly #options: BackupStoreOptions;

  constructor(options: BackupStoreOptions) {
    this.#options = options;
  }

  /** Back to the seeded state. */
  reset(): void {
    this.#accounts.clear();
    this.#sequence = 0;
    this.#count = 0;
  }

  /**
   * An account's backups, for reading: an account with no state reads as empty and is not
   * added (a read never creates state). The example account is seeded on first use.
   */
  #read(id: string): Map<string, StoredBackup> | undefined {
    const found = this.#accounts.get(id);
    if (found || id !== EXAMPLE_ACCOUNT) return found;
    return this.#seedExample();
  }

  #seedExample(): Map<string, StoredBackup> {
    const seeded = new Map<string, StoredBackup>();
    for (const b of seedBackups()) seeded.set(b.id, { ...b, seq: ++this.#sequence });
    this.#accounts.set(EXAMPLE_ACCOUNT, seeded);
    this.#count += seeded.size;
    return seeded;
  }

  /** Drops backups whose deletion finished, and accounts left empty, everywhere (when a limit is near). */
  #purge(t: number): void {
    for (const [id, backups] of this.#accounts) {
      for (const b of backups.values())
        if (b.deletedAt !== undefined && t - b.deletedAt >= DELETE_LAG_MS) this.#drop(backups, b);
      if (backups.size === 0 && id !== EXAMPLE_ACCOUNT) this.#accounts.delete(id);
    }
  }

  #drop(backups: Map<string, StoredBackup>, b: StoredBackup): void {
    if (backups.delete(b.id)) this.#count--;
  }

  /** How many backups the simulator holds, every account together. */
  get count(): number {
    return this.#count;
  }

  /** True when the account holds state (the example account always may). */
  has(accountId: string): boolean {
    return accountId === EXAMPLE_ACCOUNT || this.#accounts.has(accountId);
  }

  /** Accounts counted against the limit: those with state, and the example account always. */
  #accountCount(): number {
    return this.#accounts.size + (this.#accounts.has(EXAMPLE_ACCOUNT) ? 0 : 1);
  }

  /**
   * Checks that the accounts of `replaced` (id -> how many backups) may be given that many
   * backups, the others kept: a SimulatorLimitError names the limit, before anything changes.
   */
  checkReplace(replaced: Map<string, number>, t: number): void {
    this.#purge(t);
    let accounts = this.#accountCount();
    let total = this.#count + (this.#accounts.has(EXAMPLE_ACCOUNT) ? 0 : seededCount());
    for (const [id, count] of replaced) {
      const held = this.#accounts.get(id);
      if (!held && id !== EXAMPLE_ACCOUNT) accounts++;
      total += count - (held?.size ?? (id === EXAMPLE_ACCOUNT ? seededCount() : 0));
    }
    if (accounts > SIMULATOR_LIMITS.accounts)
      throw new SimulatorLimitError('accounts', `The fixture would give the simulator ${accounts} accounts with state`);
    if (total > SIMULATOR_LIMITS.backups)
      throw new SimulatorLimitError('backups', `The fixture would give the simulator ${total} backups in all`);
  }

  /** Replaces an account's backups (a fixture), in the account-wide order given; the example account is then not seeded. */
  replaceAccount(accountId: string, backups: Omit<StoredBackup, 'seq'>[]): void {
    const replaced = new Map<string, StoredBackup>();
    for (const b of backups) replaced.set(b.id, { ...b, seq: ++this.#sequence });
    this.#count += replaced.size - (this.#accounts.get(accountId)?.size ?? 0);
    this.#accounts.set(accountId, replaced);
  }

  /** The accounts that have state (the example account once it was used). */
  accountIds(): string[] {
    return [...this.#accounts.keys()];
  }

  /**
   * Visible backups of the account (or of one app), oldest first (`seq` rising); drops those
   * whose deletion finished. An array, not a generator: a list reads every one of them.
   */
  visible(accountId: string, appId: string | undefined, t: number): StoredBackup[] {
    const backups = this.#read(accountId);
    const shown: StoredBackup[] = [];
    if (!backups) return shown;
    for (const b of backups.values()) {
      if (b.deletedAt !== undefined && t - b.deletedAt >= DELETE_LAG_MS) this.#drop(backups, b);
      else if (appId === undefined || b.appId === appId) shown.push(b);
    }
    return shown;
  }

  find(accountId: string, backupId: string, appId: string | undefined, t: number): StoredBackup | undefined {
    const backups = this.#read(accountId);
    const b = backups?.get(backupId);
    if (!backups || !b) return undefined;
    if (b.deletedAt !== undefined && t - b.deletedAt >= DELETE_LAG_MS) {
      this.#drop(backups, b);
      return undefined;
    }
    return appId === undefined || b.appId === appId ? b : undefined;
  }

  /** The backup `add` would store (not stored yet): its size can be checked first. */
  draft(
    appId: string,
    fields: { name: string; bucketID?: string; snapshotID?: string; labels: Label[] },
    t: number,
  ): StoredBackup {
    let hash = 0;
    for (const c of fields.name) hash = (hash * 31 + (c.codePointAt(0) ?? 0)) >>> 0;
    return {
      id: this.#options.newId(),
      seq: 0,
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
  }

  /**
   * Stores a drafted backup; its name must be free and its app below backupsPerApp (the caller
   * checked, as it lists the app). A SimulatorLimitError when the accounts or backups limit is reached.
   */
  add(accountId: string, b: StoredBackup, t: number): StoredBackup {
    if (!this.#read(accountId) && this.#accountCount() >= SIMULATOR_LIMITS.accounts) this.#purge(t);
    let backups = this.#read(accountId);
    if (!backups && this.#accountCount() >= SIMULATOR_LIMITS.accounts)
      throw new SimulatorLimitError(
        'accounts',
        `The simulator holds state for ${this.#accountCount()} accounts already`,
      );
    if (this.#count >= SIMULATOR_LIMITS.backups) {
      this.#purge(t);
      if (this.#count >= SIMULATOR_LIMITS.backups)
        throw new SimulatorLimitError('backups', `The simulator holds ${this.#count} backups already`);
    }
    if (!backups) {
      backups = new Map();
      this.#accounts.set(accountId, backups);
    }
    // An id the account holds already (a seeded run's ids may meet a loaded dump's) is drawn
    // again: a backup set over another would take its place in the order, and paging by seq with it.
    while (backups.has(b.id)) b.id = this.#options.newId();
    b.seq = ++this.#sequence;
    backups.set(b.id, b);
    this.#count++;
    return b;
  }

  /** Forgets a backup at once (a create whose answer could not be served). */
  forget(accountId: string, backupId: string): void {
    const backups = this.#accounts.get(accountId);
    if (!backups) return;
    const b = backups.get(backupId);
    if (b) this.#drop(backups, b);
    if (backups.size === 0 && accountId !== EXAMPLE_ACCOUNT) this.#accounts.delete(accountId);
  }
}

/** When a seeded backup last changed: a few minutes after it was made (fixed timestamps). */
const fixedFinish = (b: StoredBackup, state: string): number =>
  b.createdAt + (state === 'completed' || state === 'failed' || state === 'removed' ? 240_000 : 60_000);

/** When a backup stops changing: it then shows the same, whatever the time. */
export function settlesAt(b: StoredBackup): number {
  if (b.pinned) return Number.NEGATIVE_INFINITY;
  // A seeded backup shows the clock as its modificationTimestamp until it last changed.
  if (b.fixed) return fixedFinish(b, b.fixed.state);
  const origin = b.progressFrom ?? b.createdAt;
  return b.failing ? origin + b.durationMs / 10 + (b.durationMs - b.durationMs / 10) / 2 : origin + b.durationMs;
}

/** The UTF-8 size of the backup's JSON at its largest: as it ends (a pinned or seeded one never changes). */
export function backupBytes(b: StoredBackup): number {
  const end = settlesAt(b);
  return utf8Bytes(JSON.stringify(view(b, end === Number.NEGATIVE_INFINITY ? b.createdAt : end)));
}

/** The backup as the API shows it at time `t`. */
export function view(b: StoredBackup, t: number): AppBackupView {
  if (b.pinned) return JSON.parse(b.pinned) as AppBackupView;
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
    finishedAt = fixedFinish(b, state);
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
