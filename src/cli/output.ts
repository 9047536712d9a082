// What the CLI prints: tables, a backup's fields, progress, one-line errors.
import { type AppBackup, AstraError, BackupFailedError, ProblemError } from '../index.js';

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
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** A plain text table: a header row, then one row per item. */
export function table(rows: Record<string, unknown>[], columns: string[]): string {
  const cells = [columns.map((c) => c.toUpperCase()), ...rows.map((row) => columns.map((c) => cell(row[c])))];
  const widths = columns.map((_, i) => Math.max(...cells.map((r) => r[i]?.length ?? 0)));
  return cells.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i] ?? 0))).join('  ')).join('\n');
}

/** A backup as `field: value` lines. */
export function describeBackup(backup: Record<string, unknown>): string {
  const width = Math.max(...Object.keys(backup).map((k) => k.length));
  return Object.entries(backup)
    .map(([k, v]) => `${k.padEnd(width)}  ${cell(v)}`)
    .join('\n');
}

/** One progress line, for output that is not a terminal. */
export function progressLine(backup: AppBackup): string {
  const percent = backup.percentDone === undefined ? '' : ` ${Math.round(backup.percentDone)}%`;
  const bytes =
    backup.totalBytes === undefined ? '' : ` (${formatBytes(backup.bytesDone)} of ${formatBytes(backup.totalBytes)})`;
  return `${backup.id} ${backup.state}${percent}${bytes}`;
}

/** A progress bar redrawn in place on a terminal. */
export function progressBar(backup: AppBackup, width = 30): string {
  const percent = Math.max(0, Math.min(100, backup.percentDone ?? 0));
  const filled = Math.round((percent / 100) * width);
  return `\r[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${percent.toFixed(0).padStart(3)}% ${backup.state.padEnd(11)}`;
}

/** The one line an error is printed as: `title: detail (correlationID …)`. */
export function errorLine(error: unknown): string {
  if (error instanceof ProblemError) {
    const title = error.title ?? `HTTP ${error.status}`;
    const detail = error.detail ?? error.bodyExcerpt;
    const extra = [
      error.code !== undefined ? `problem ${error.code}` : '',
      error.correlationID ? `correlationID ${error.correlationID}` : '',
    ]
      .filter(Boolean)
      .join(', ');
    return `${title}${detail ? `: ${detail}` : ''}${extra ? ` (${extra})` : ''}`;
  }
  if (error instanceof BackupFailedError) return error.message;
  if (error instanceof AstraError) return `${error.name}: ${error.message}`;
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
