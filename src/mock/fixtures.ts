// Fixtures: the state of some accounts as one JSON document, checked against the spec
// (every backup is an AppBackup as the API shows it), and the dump, in the same format,
// so that a dump loads back as it was. Loading replaces the state of the accounts the
// document names and leaves the others alone. Pending and running backups go on from
// where they were loaded (a running backup at 40 % goes on from 40 % on the simulator's
// clock) unless the app lists them in `keepState`; backups in any other state keep every
// field they were loaded with.
import { type AppBackupView, type BackupStore, backupBytes, type StoredBackup, view } from './backups.js';
import { ControlInputError, isRecord, onlyFields } from './control-error.js';
import { ASTRA_ID as UUID } from './ids.js';
import { loneSurrogateField, SIMULATOR_LIMITS, SimulatorLimitError } from './limits.js';
import { DEFAULT_BUCKET, EXAMPLE_ACCOUNT } from './seed.js';
import { invalidFields } from './spec-check.js';

/** One app of a fixture: its backups, oldest first (the order a list gives them in). */
export interface FixtureApp {
  id: string;
  backups: AppBackupView[];
  /** Ids of pending or running backups that keep their state instead of progressing, as the seeded ones do. @default [] */
  keepState?: string[];
}
/** One account of a fixture. */
export interface FixtureAccount {
  id: string;
  apps: FixtureApp[];
  /**
   * The ids of every backup of the account, in the order the account-wide list gives them
   * (a dump writes it when that is not app after app, as when two apps' backups were made in turn).
   * @default app after app, in the order of `apps`
   */
  order?: string[];
}
/** A fixture, and the format of a dump. */
export interface Fixture {
  accounts: FixtureAccount[];
}

const MOVING = new Set(['pending', 'running']);
const DEFAULT_TOTAL_BYTES = 1_073_741_824;

function array(value: unknown, field: string): unknown[] {
  if (!Array.isArray(value)) throw new ControlInputError(field, `must be an array, got ${JSON.stringify(value)}`);
  return value;
}

function uuid(value: unknown, field: string): string {
  if (typeof value !== 'string' || !UUID.test(value))
    throw new ControlInputError(field, `must be a lowercase UUID (version 4 or 5), got ${JSON.stringify(value)}`);
  return value;
}

/** Checks a whole fixture before anything changes: the first bad field is named. */
export function checkFixture(input: unknown): Fixture {
  if (!isRecord(input))
    throw new ControlInputError(
      '(fixture)',
      'must be an object: { "accounts": [{ "id", "apps": [{ "id", "backups": [...] }] }] }',
    );
  onlyFields(input, ['accounts'], '');
  const accountIds = new Set<string>();
  array(input.accounts, 'accounts').forEach((account, a) => {
    const at = `accounts[${a}]`;
    if (!isRecord(account)) throw new ControlInputError(at, 'must be an object: { "id", "apps" }');
    onlyFields(account, ['id', 'apps', 'order'], `${at}.`);
    const id = uuid(account.id, `${at}.id`);
    if (accountIds.has(id)) throw new ControlInputError(`${at}.id`, `names account ${id} a second time`);
    accountIds.add(id);
    const appIds = new Set<string>();
    const backupIds = new Set<string>();
    array(account.apps, `${at}.apps`).forEach((app, p) => {
      const appAt = `${at}.apps[${p}]`;
      if (!isRecord(app)) throw new ControlInputError(appAt, 'must be an object: { "id", "backups" }');
      onlyFields(app, ['id', 'backups', 'keepState'], `${appAt}.`);
      const appId = uuid(app.id, `${appAt}.id`);
      if (appIds.has(appId)) throw new ControlInputError(`${appAt}.id`, `names app ${appId} a second time`);
      appIds.add(appId);
      const names = new Set<string>();
      const backups = array(app.backups, `${appAt}.backups`);
      if (backups.length > SIMULATOR_LIMITS.backupsPerApp)
        throw new SimulatorLimitError(
          'backupsPerApp',
          `${appAt}.backups holds ${backups.length} backups, more than one app may hold`,
        );
      backups.forEach((backup, b) => {
        const backupAt = `${appAt}.backups[${b}]`;
        const notUtf8 = loneSurrogateField(backup);
        if (notUtf8 !== undefined)
          throw new ControlInputError(
            `${backupAt}.${notUtf8}`,
            'is not UTF-8 text: it holds a lone surrogate (an unpaired \\uD800-\\uDFFF escape)',
          );
        const [wrong] = invalidFields('AppBackup', backup);
        if (wrong)
          throw new ControlInputError(
            wrong.name === '(body)' ? backupAt : `${backupAt}.${wrong.name}`,
            `${wrong.reason} (an AppBackup of the spec)`,
          );
        const { id: backupId, name } = backup as AppBackupView;
        if (backupIds.has(backupId))
          throw new ControlInputError(`${backupAt}.id`, `names backup ${backupId} a second time in this account`);
        backupIds.add(backupId);
        if (names.has(name)) throw new ControlInputError(`${backupAt}.name`, `is taken by another backup of this app`);
        names.add(name);
      });
      if (app.keepState !== undefined)
        array(app.keepState, `${appAt}.keepState`).forEach((kept, k) => {
          const ids = (app.backups as AppBackupView[]).map((b) => b.id);
          if (typeof kept !== 'string' || !ids.includes(kept))
            throw new ControlInputError(
              `${appAt}.keepState[${k}]`,
              `must be the id of a backup of this app, got ${JSON.stringify(kept)}`,
            );
        });
    });
    if (account.order !== undefined) {
      const order = array(account.order, `${at}.order`);
      const seen = new Set<unknown>();
      order.forEach((id, k) => {
        if (typeof id !== 'string' || !backupIds.has(id) || seen.has(id))
          throw new ControlInputError(
            `${at}.order[${k}]`,
            `must be the id of a backup of this account, each once, got ${JSON.stringify(id)}`,
          );
        seen.add(id);
      });
      if (seen.size !== backupIds.size)
        throw new ControlInputError(`${at}.order`, `must name each of the account's ${backupIds.size} backups once`);
    }
  });
  return input as unknown as Fixture;
}

interface LoadContext {
  /** The simulator's time now. */
  t: number;
  backupMs: number;
  newId: () => string;
}

/** The stored form of a fixture backup, at time `t`. */
function stored(
  appId: string,
  backup: AppBackupView,
  keep: boolean,
  { t, backupMs, newId }: LoadContext,
): Omit<StoredBackup, 'seq'> {
  const b = backup as AppBackupView & {
    bucketID: string;
    snapshotID?: string;
    scheduleID?: string;
    totalBytes?: number;
    percentDone?: number;
    metadata: { creationTimestamp: string; createdBy: string; labels?: { name: string; value: string }[] };
  };
  const base: Omit<StoredBackup, 'seq'> = {
    id: b.id,
    appId,
    name: b.name,
    bucketID: b.bucketID ?? DEFAULT_BUCKET,
    snapshotID: b.snapshotID ?? newId(),
    ...(b.scheduleID ? { scheduleID: b.scheduleID } : {}),
    createdAt: Date.parse(b.metadata.creationTimestamp),
    createdBy: b.metadata.createdBy,
    labels: (b.metadata.labels ?? []).map((l) => ({ name: l.name, value: l.value })),
    totalBytes: b.totalBytes ?? DEFAULT_TOTAL_BYTES,
    durationMs: backupMs,
    failing: b.name.startsWith('fail-'),
  };
  if (keep || !MOVING.has(b.state)) {
    // Kept as its text alone (checked against the spec as the fixture was): the least memory, and served as it is.
    const text = JSON.stringify(backup);
    return { ...base, labels: [], pinned: text, final: text, ...(MOVING.has(b.state) ? { keptMoving: true } : {}) };
  }
  // On the simulator's rules a backup is pending for the first tenth of its time, then
  // runs evenly: start its clock where it stands now.
  const started = backupMs / 10;
  const progress = b.state === 'running' ? Math.min(1, (b.percentDone ?? 0) / 100) : 0;
  return { ...base, progressFrom: t - (b.state === 'running' ? started + progress * (backupMs - started) : 0) };
}

/**
 * Loads a checked fixture: each account it names gets exactly its backups, in its `order`.
 * The limits are checked first (a SimulatorLimitError names the one passed): nothing changes then.
 */
export function loadFixture(store: BackupStore, fixture: Fixture, context: LoadContext): void {
  const accounts = fixture.accounts.map((account, a) => {
    const backups = account.apps.flatMap((app, p) =>
      app.backups.map((backup, b) => {
        const kept = stored(app.id, backup, app.keepState?.includes(backup.id) ?? false, context);
        const bytes = backupBytes({ ...kept, seq: 0 });
        if (bytes > SIMULATOR_LIMITS.bytesPerBackup)
          throw new SimulatorLimitError(
            'bytesPerBackup',
            `accounts[${a}].apps[${p}].backups[${b}] is ${bytes} bytes of JSON${MOVING.has(backup.state) ? ' as it will end' : ''}`,
          );
        return kept;
      }),
    );
    if (account.order) {
      const rank = new Map(account.order.map((id, k) => [id, k]));
      backups.sort((x, y) => (rank.get(x.id) ?? 0) - (rank.get(y.id) ?? 0));
    }
    return { id: account.id, backups };
  });
  store.checkReplace(new Map(accounts.map((a) => [a.id, a.backups.length])), context.t);
  for (const account of accounts) store.replaceAccount(account.id, account.backups);
}

interface Dumped<T> {
  id: string;
  apps: { id: string; backups: T[]; keepState?: string[] }[];
  order?: string[];
}

/** The accounts of a dump, each backup as `show` gives it. */
function dumped<T>(store: BackupStore, t: number, accountId: string | undefined, show: (b: StoredBackup) => T) {
  // The example account is seeded on first use: a dump shows it as a first request would find it.
  const ids = accountId === undefined ? [...new Set([EXAMPLE_ACCOUNT, ...store.accountIds()])] : [accountId];
  const accounts: Dumped<T>[] = [];
  for (const id of ids) {
    const apps = new Map<string, Dumped<T>['apps'][number] & { ids: string[] }>();
    const order: string[] = [];
    for (const b of store.visible(id, undefined, t)) {
      if (b.deletedAt !== undefined) continue;
      order.push(b.id);
      const app = apps.get(b.appId) ?? { id: b.appId, backups: [], ids: [] };
      apps.set(b.appId, app);
      app.backups.push(show(b));
      app.ids.push(b.id);
      // A seeded (or kept) backup that shows pending or running does not move: it must not after a load either.
      if ((b.fixed && MOVING.has(b.fixed.state)) || b.keptMoving) app.keepState = [...(app.keepState ?? []), b.id];
    }
    // Written only when the account-wide list is not app after app: a load then keeps its order too.
    const appAfterApp = [...apps.values()].flatMap((app) => app.ids);
    const account: Dumped<T> = {
      id,
      apps: [...apps.values()].map(({ ids: _, ...app }) => app),
    };
    if (appAfterApp.some((backupId, k) => backupId !== order[k])) account.order = order;
    accounts.push(account);
  }
  return accounts;
}

/** The state at time `t`, as a fixture: every account the simulator knows (or the one asked), its apps in order of first backup. */
export function dumpFixture(store: BackupStore, t: number, accountId?: string): Fixture {
  return { accounts: dumped(store, t, accountId, (b) => view(b, t)) };
}

/**
 * The same dump as JSON text, written from the backups' own text (no object per backup): what
 * `GET /__astra/fixtures` sends. `text(b)` is a backup's JSON at `t`.
 */
export function dumpFixtureText(
  store: BackupStore,
  t: number,
  accountId: string | undefined,
  text: (b: StoredBackup) => string,
): { text: string[]; accounts: number; backups: number } {
  let backups = 0;
  const accounts = dumped(store, t, accountId, text);
  // In parts, never joined: the largest dump is not copied into one string.
  const parts: string[] = ['{"accounts":['];
  accounts.forEach((account, a) => {
    parts.push(`${a ? ',' : ''}{"id":${JSON.stringify(account.id)},"apps":[`);
    account.apps.forEach((app, p) => {
      backups += app.backups.length;
      parts.push(`${p ? ',' : ''}{"id":${JSON.stringify(app.id)},"backups":[`);
      app.backups.forEach((text, b) => {
        parts.push(b ? `,${text}` : text);
      });
      parts.push(`]${app.keepState ? `,"keepState":${JSON.stringify(app.keepState)}` : ''}}`);
    });
    parts.push(`]${account.order ? `,"order":${JSON.stringify(account.order)}` : ''}}`);
  });
  parts.push(']}');
  return { text: parts, accounts: accounts.length, backups };
}
