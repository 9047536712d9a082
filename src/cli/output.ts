// What the CLI prints: tables, a backup's fields, progress, one-line errors. Every
// text that came from the server goes through `safe`: a name or a problem detail must
// not be able to retitle the terminal, clear the screen or fake a line of output.
import { type AppBackup, ConnectionError, InvalidInputError, ProblemError } from '../sdk/index.js';

// C0 controls (newlines and tabs included), DEL, C1 controls (0x9b is a one-byte CSI),
// and the bidirectional overrides that reorder what a reader sees.
const CONTROL = /[\p{Cc}\u202a-\u202e\u2066-\u2069]/gu;

/** `text` with every control character shown as an escape (`\x1b`, `\n`), never interpreted. */
export function safe(text: string): string {
  return text.replace(CONTROL, (c) => {
    const code = c.charCodeAt(0);
    if (c === '\n') return '\\n';
    if (c === '\r') return '\\r';
    if (c === '\t') return '\\t';
    return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

/** JSON for the terminal: JSON.stringify escapes C0 controls; this escapes C1 and bidi ones too. */
export function safeJson(value: unknown, indent?: number): string {
  return JSON.stringify(value, null, indent).replace(
    /[\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** 1536 -> "1.5 KiB". */
export function formatBytes(bytes: number | undefined): string {
  if (bytes === undefined) return '-';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${unit === 0 ? value : value.toFixed(1)} ${units[unit]}`;
}

function cell(value: unknown): string {
  if (value === undefined || value === null) return '-';
  if (typeof value === 'object') return safeJson(value);
  return safe(String(value));
}

/**
 * A plain text table written as rows arrive (a listing may not fit in memory): the
 * column widths are those of the header and the first batch of rows; a longer cell
 * later pushes its row out rather than holding every row back.
 */
export class StreamingTable {
  readonly #columns: string[];
  #widths: number[] | undefined;

  constructor(columns: string[]) {
    this.#columns = columns;
  }

  /** The lines for these rows (the header first, on the first call), each ending in a newline. */
  rows(rows: Record<string, unknown>[]): string {
    const cells = rows.map((row) => this.#columns.map((c) => cell(row[c])));
    let out = '';
    if (!this.#widths) {
      const header = this.#columns.map((c) => c.toUpperCase());
      this.#widths = this.#columns.map((_, i) => Math.max(...[header, ...cells].map((r) => r[i]?.length ?? 0)));
      out += this.#line(header);
    }
    for (const r of cells) out += this.#line(r);
    return out;
  }

  #line(cells: string[]): string {
    return `${cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(this.#widths?.[i] ?? 0))).join('  ')}\n`;
  }
}

/** A backup as `field: value` lines. */
export function describeBackup(backup: Record<string, unknown>): string {
  const width = Math.max(...Object.keys(backup).map((k) => k.length));
  return Object.entries(backup)
    .map(([k, v]) => `${safe(k).padEnd(width)}  ${cell(v)}`)
    .join('\n');
}

/** One progress line, for output that is not a terminal. */
export function progressLine(backup: AppBackup): string {
  const percent = backup.percentDone === undefined ? '' : ` ${Math.round(backup.percentDone)}%`;
  const bytes =
    backup.totalBytes === undefined ? '' : ` (${formatBytes(backup.bytesDone)} of ${formatBytes(backup.totalBytes)})`;
  return safe(`${backup.id} ${backup.state}${percent}${bytes}`);
}

/** A progress bar redrawn in place on a terminal. */
export function progressBar(backup: AppBackup, width = 30): string {
  const percent = Math.max(0, Math.min(100, backup.percentDone ?? 0));
  const filled = Math.round((percent / 100) * width);
  return `\r[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${percent.toFixed(0).padStart(3)}% ${safe(String(backup.state)).padEnd(11)}`;
}

/**
 * The one line an error is printed as, after `astra-backups: `: what went wrong and
 * what to do, in plain words (no class names); a problem as `title: detail (problem N, correlationID …)`.
 */
export function errorLine(error: unknown): string {
  return safe(plainError(error));
}

function plainError(error: unknown): string {
  if (error instanceof ProblemError) {
    const title = error.title ?? `HTTP ${error.status}`;
    const detail = error.detail ?? error.bodyExcerpt;
    const extra = [
      error.code !== undefined ? `problem ${error.code}` : '',
      error.correlationID ? `correlationID ${error.correlationID}` : '',
    ]
      .filter(Boolean)
      .join(', ');
    const hint =
      error.status === 401
        ? ' Check ASTRA_TOKEN (or --token).'
        : error.status === 403
          ? " Check the token's role."
          : '';
    return `${title}${detail ? `: ${detail}` : ''}${extra ? ` (${extra})` : ''}${hint}`;
  }
  if (error instanceof InvalidInputError) return `${error.message}. Fix it and try again.`;
  if (error instanceof ConnectionError) return `${error.message}. Check ASTRA_URL (or --url) and the network.`;
  return error instanceof Error ? error.message : String(error);
}
