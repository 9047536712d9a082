// Every bound and default of the simulator, declared once: the core checks each of them
// in one place with one message, and the Node server, the CLI and `npm start` read them
// from here instead of keeping copies. A shared team server keeps answering within these
// bounds whatever it is sent; past one, the answer is a problem document naming the
// limit (`SIMULATOR_LIMITS.<name>`) and the state is left as it was.
//
// Sized so that the largest state the limits allow (every account, every backup at its
// largest), a dump of it and that dump being loaded back fit in 256 MB of RSS (measured:
// bench/RESULTS.md, "simulator limits").
import { ControlInputError } from './control-error.js';

const ACCOUNTS = 1_000;
const BACKUPS = 5_000;
const BYTES_PER_BACKUP = 4_096;

/** The simulator's bounds and defaults (numbers in ms, bytes, characters or counts). */
export const SIMULATOR_LIMITS = Object.freeze({
  /** Accounts that hold state (the seeded example account included); reads never add one. */
  accounts: ACCOUNTS,
  /** Backups of one app (of any state, deleted ones until they are gone). */
  backupsPerApp: 1_000,
  /** Backups in the whole simulator, every account together. */
  backups: BACKUPS,
  /**
   * The UTF-8 size of one backup's JSON as the API shows it, labels included. A backup that
   * still moves is measured as it will end (completed, or failed), so that it never outgrows it.
   */
  bytesPerBackup: BYTES_PER_BACKUP,
  /** Fault rules set at once. */
  faultRules: 100,
  /** Request bodies of the API's operations. */
  requestBodyBytes: 1_048_576,
  /** The deepest a JSON body (of the API or of control) may nest. */
  jsonDepth: 100,
  /** The journal's size: `journalSize` from 0 to this. */
  journalSize: 1_000,
  /** The journal's size when none is given. */
  journalSizeDefault: 100,
  /** The characters of a request body the journal keeps (the rest is cut, and said so). */
  journalBodyChars: 16_384,
  /** The longest latency a rule may ask for (`ms`, `maxMs`): ten minutes. */
  latencyMs: 600_000,
  /** How long a `stall` fault holds a request before it ends as a dropped connection: ten minutes. */
  stallMs: 600_000,
  /** The shortest `backupMs`. */
  backupMsMin: 10,
  /** The longest `backupMs`: a day. */
  backupMsMax: 86_400_000,
  /** How long a new backup takes when `backupMs` is not given. */
  backupMsDefault: 20_000,
  /** The longest `seed` string (a number seed is any finite number). */
  seedChars: 256,
  /** The control token's length, from 16 to 256 printable ASCII characters without spaces. */
  controlTokenMin: 16,
  controlTokenMax: 256,
  /**
   * Control request bodies (a fixture to load): at least the largest dump the limits allow,
   * so that any dump loads back. backups × (bytesPerBackup + 256) + accounts × 128 + 1024.
   */
  controlBodyBytes: BACKUPS * (BYTES_PER_BACKUP + 256) + ACCOUNTS * 128 + 1_024,
} as const);

export type SimulatorLimitName = keyof typeof SIMULATOR_LIMITS;

/** Thrown when a store would pass one of the limits; the state is unchanged. */
export class SimulatorLimitError extends Error {
  override name = 'SimulatorLimitError' as const;
  /** The limit, as named in SIMULATOR_LIMITS. */
  readonly limit: SimulatorLimitName;
  constructor(limit: SimulatorLimitName, message: string) {
    super(`${message} (the simulator's limit ${limit} is ${SIMULATOR_LIMITS[limit].toLocaleString('en-US')}).`);
    this.limit = limit;
  }
}

/** A number as given, or as the digits of a flag or an environment variable (`'20000'`). */
function numeric(value: unknown): unknown {
  return typeof value === 'string' && /^\d{1,16}$/.test(value) ? Number(value) : value;
}

/**
 * `backupMs`, checked (the CLI's `--backup-ms` and npm start's BACKUP_MS too: a string of
 * digits is taken); its default when undefined. A ControlInputError names `field`.
 */
export function checkBackupMs(value: unknown, field = 'options.backupMs'): number {
  if (value === undefined) return SIMULATOR_LIMITS.backupMsDefault;
  return inRange(value, field, SIMULATOR_LIMITS.backupMsMin, SIMULATOR_LIMITS.backupMsMax);
}

/** A whole number from `min` to `max` (or its digits): else a ControlInputError naming `field`, quoting what was given. */
function inRange(value: unknown, field: string, min: number, max: number): number {
  const number = numeric(value);
  if (typeof number === 'number' && Number.isInteger(number) && number >= min && number <= max) return number;
  throw new ControlInputError(field, `must be a whole number from ${min} to ${max}, got ${JSON.stringify(value)}`);
}

/** A seed, checked: a non-empty string of at most `seedChars` characters, or a finite number. */
export function checkSeed(value: unknown, field = 'options.seed'): string | number | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && value !== '' && value.length <= SIMULATOR_LIMITS.seedChars) return value;
  throw new ControlInputError(
    field,
    `must be a non-empty string of at most ${SIMULATOR_LIMITS.seedChars} characters, or a finite number, got ${
      typeof value === 'string' && value.length > 40 ? `a string of ${value.length} characters` : JSON.stringify(value)
    }`,
  );
}

/** `journalSize`, checked; its default when undefined. */
export function checkJournalSize(value: unknown, field = 'options.journalSize'): number {
  if (value === undefined) return SIMULATOR_LIMITS.journalSizeDefault;
  return inRange(value, field, 0, SIMULATOR_LIMITS.journalSize);
}

const TOKEN = /^[\x21-\x7e]*$/;

/**
 * A control token, checked: 16 to 256 printable ASCII characters without spaces. The message
 * never repeats the token (it is a secret). `field` names where it came from.
 */
export function checkControlToken(value: unknown, field = 'controlToken'): string {
  if (
    typeof value !== 'string' ||
    !TOKEN.test(value) ||
    value.length < SIMULATOR_LIMITS.controlTokenMin ||
    value.length > SIMULATOR_LIMITS.controlTokenMax
  )
    throw new ControlInputError(
      field,
      `must be ${SIMULATOR_LIMITS.controlTokenMin} to ${SIMULATOR_LIMITS.controlTokenMax} printable ASCII characters without spaces${
        typeof value === 'string' ? ` (got ${value.length} characters)` : ''
      }`,
    );
  return value;
}

/** The UTF-8 size of `text` (a lone surrogate counts as the 3 bytes of U+FFFD, as an encoder writes it). */
export function utf8Bytes(text: string): number {
  let bytes = text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) continue;
    if (c < 0x800) bytes += 1;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        bytes += 2;
        i++;
      } else bytes += 2;
    } else bytes += 2;
  }
  return bytes;
}

/** True when `text` holds a lone surrogate: it has no UTF-8 form (an encoder would write U+FFFD instead). */
export function hasLoneSurrogate(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0xd800 || c > 0xdfff) continue;
    if (c <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        i++;
        continue;
      }
    }
    return true;
  }
  return false;
}

/** The first string (key or value) of `value` that has no UTF-8 form (a lone surrogate), as a field name. */
export function loneSurrogateField(value: unknown, at = ''): string | undefined {
  if (typeof value === 'string') return hasLoneSurrogate(value) ? at || '(body)' : undefined;
  if (typeof value !== 'object' || value === null) return undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = loneSurrogateField(value[i], `${at}[${i}]`);
      if (found) return found;
    }
    return undefined;
  }
  for (const [key, inner] of Object.entries(value)) {
    const name = at === '' ? key : `${at}.${key}`;
    if (hasLoneSurrogate(key)) return name;
    const found = loneSurrogateField(inner, name);
    if (found) return found;
  }
  return undefined;
}
