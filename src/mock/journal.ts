// The request journal: the last requests the simulator received, as sent (method, path
// with its query, headers, body) with the status each got, so that a test can check what
// a UI sent (as WireMock's request journal and MSW's lifecycle events allow). Secrets
// never enter it: the bearer token and the control token are replaced before an entry is kept.
import type { HeaderReader } from './exchange.js';

/** One request and what became of it. */
export interface JournalEntry {
  /** Counts every request since the simulator started (or was reset), from 1. */
  seq: number;
  /** When it arrived, on the simulator's clock (ISO 8601). */
  at: string;
  method: string;
  /** The path and query, as sent. */
  path: string;
  /** The operation it matched, when it matched one. */
  operationId?: string;
  /** Lowercase names; the values of `authorization`, `proxy-authorization`, `cookie` and `x-astra-control-token` are `[REDACTED]` whole. */
  headers: Record<string, string>;
  /** The body as sent (UTF-8 text), or null when there was none. */
  body: string | null;
  /** The answer's status; null while unanswered, or when a fault dropped or stalled it. */
  status: number | null;
  /** The fault rule that made the answer, when one did. */
  fault?: 'status' | 'drop' | 'stall';
}

const SECRET_HEADERS = new Set(['authorization', 'x-astra-control-token', 'cookie', 'proxy-authorization']);

/**
 * A secret header's whole value becomes `[REDACTED]`, whatever its scheme: what looks like a
 * scheme (`tok-123 x`) may be the secret itself. Whether a token was sent stays visible.
 */
function redact(name: string, value: string): string {
  return SECRET_HEADERS.has(name) ? '[REDACTED]' : value;
}

/** Headers as a journal keeps them. */
export function journalHeaders(headers: HeaderReader): Record<string, string> {
  const kept: Record<string, string> = {};
  headers.forEach((value, name) => {
    kept[name] = redact(name, value);
  });
  return kept;
}

/** What is kept of a request at once; the rest (redaction, the operation, the time as text) waits until it is read. */
export interface JournalRecord {
  at: number;
  method: string;
  url: string;
  /** The request's own headers (not a copy): redacted when the journal is read. */
  headers: HeaderReader;
  body: string | null;
  status: number | null;
  fault?: JournalEntry['fault'];
}

export class Journal {
  readonly #size: number;
  readonly #operationOf: (method: string, path: string) => string | undefined;
  #records: { seq: number; record: JournalRecord }[] = [];
  #seq = 0;

  /** `operationOf` names the operation of an entry when it is read. */
  constructor(size: number, operationOf: (method: string, path: string) => string | undefined) {
    this.#size = size;
    this.#operationOf = operationOf;
  }

  /** Keeps a record (the oldest goes when full); the caller sets `status` and `fault` on it later. */
  add(record: JournalRecord): JournalRecord {
    this.#seq++;
    if (this.#size === 0) return record;
    this.#records.push({ seq: this.#seq, record });
    if (this.#records.length > this.#size) this.#records.shift();
    return record;
  }

  /** The entries, oldest first (copies: changing them changes nothing). */
  entries(): JournalEntry[] {
    return this.#records.map(({ seq, record }) => {
      const { method, url: href, headers } = record;
      const url = new URL(href);
      const operationId = this.#operationOf(method, url.pathname);
      return {
        seq,
        at: new Date(record.at).toISOString(),
        method,
        path: url.pathname + url.search,
        ...(operationId ? { operationId } : {}),
        headers: journalHeaders(headers),
        body: record.body,
        status: record.status,
        ...(record.fault ? { fault: record.fault } : {}),
      };
    });
  }

  clear(): void {
    this.#records = [];
  }

  reset(): void {
    this.#records = [];
    this.#seq = 0;
  }
}
