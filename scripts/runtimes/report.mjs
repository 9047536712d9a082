// The suite's table (runtime × check, ✓ or ✗, · where a check does not apply), the
// list of what failed, and the runtimes guide's table (docs/guide/runtimes.md): the rows that passed.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { root } from '../lib/tools.mjs';

const START = '<!-- runtimes:start (written by npm run test:runtimes -- --update-readme) -->';
const END = '<!-- runtimes:end -->';
/** Where the table lives: the site's "Runtimes and compatibility" guide. */
export const PAGE = 'docs/guide/runtimes.md';

/** Renders the table; counts every cell and every extra check. */
export function renderTable(rows, extra = []) {
  const columns = [];
  for (const row of rows) for (const r of row.results ?? []) if (!columns.includes(r.check)) columns.push(r.check);
  const nameWidth = Math.max(7, ...rows.map((row) => row.name.length));
  const widths = columns.map((c) => Math.max(c.length, 1));
  const line = (cells) =>
    cells
      .map((cell, i) => cell.padEnd(i === 0 ? nameWidth : widths[i - 1]))
      .join('  ')
      .trimEnd();
  const out = [line(['runtime', ...columns]), line(['-'.repeat(nameWidth), ...widths.map((w) => '-'.repeat(w))])];
  let passed = 0;
  let failed = 0;
  const failureLines = [];
  for (const row of rows) {
    const byCheck = new Map((row.results ?? []).map((r) => [r.check, r]));
    out.push(line([row.name, ...columns.map((c) => (byCheck.has(c) ? (byCheck.get(c).ok ? '✓' : '✗') : '·'))]));
    for (const r of row.results ?? []) {
      if (r.ok) passed += 1;
      else {
        failed += 1;
        failureLines.push(`✗ ${row.name} ${r.check}: ${r.detail}`);
      }
    }
  }
  for (const r of extra) {
    out.push(`${r.ok ? '✓' : '✗'} ${r.name}: ${r.check}`);
    if (r.ok) passed += 1;
    else {
      failed += 1;
      failureLines.push(`✗ ${r.name} ${r.check}: ${r.detail}`);
    }
  }
  return { table: out.join('\n'), passed, failed, failureLines };
}

/** The runtimes guide's generated table: the runtimes every check passed on, with what ran there. */
export function readmeSection(rows) {
  const cells = [['runtime', 'checked']];
  for (const row of rows) {
    const results = row.results ?? [];
    if (results.length === 0 || results.some((r) => !r.ok)) continue;
    cells.push([row.readmeName ?? row.name, results.map((r) => r.check).join(', ')]);
  }
  // Padded as Biome formats Markdown tables, so that the page stays formatted.
  const widths = [0, 1].map((i) => Math.max(3, ...cells.map((c) => c[i].length)));
  const line = (c) => `| ${c.map((cell, i) => cell.padEnd(widths[i])).join(' | ')} |`;
  const [head, ...body] = cells;
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...body.map(line)].join('\n');
}

/** Compares (or, with update, writes) the runtimes guide's table; returns the check's result. */
export function checkReadme(rows, { update }) {
  const path = join(root, PAGE);
  const readme = readFileSync(path, 'utf8');
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  const result = { name: 'docs', check: `${PAGE} lists what passed` };
  if (start < 0 || end < start) return { ...result, ok: false, detail: `${PAGE} has no ${START} … ${END} block` };
  const expected = readmeSection(rows);
  const actual = readme.slice(start + START.length, end).trim();
  if (actual === expected) return { ...result, ok: true, detail: 'same' };
  if (update) {
    writeFileSync(path, `${readme.slice(0, start + START.length)}\n${expected}\n${readme.slice(end)}`);
    return { ...result, ok: true, detail: 'written' };
  }
  // Rows compared by their words, so that padding alone never reads as a difference.
  const words = (text) => text.split('\n').map((l) => l.replace(/\s+/g, ' ').replace(/-+/g, '-').trim());
  const [said, passed] = [words(actual), words(expected)];
  const lines = [
    ...said.filter((l) => !passed.includes(l)).map((l) => `  the page only: ${l}`),
    ...passed.filter((l) => !said.includes(l)).map((l) => `  this run only: ${l}`),
  ];
  return {
    ...result,
    ok: false,
    detail: `${PAGE} differs from what passed:\n${lines.join('\n') || '  (padding)'}\n  (npm run test:runtimes -- --update-readme writes it)`,
  };
}
