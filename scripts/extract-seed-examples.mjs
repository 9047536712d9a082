// Extracts every example body from the seed reference (../shared/seeds) into
// test/fixtures/seed-examples.json: { operationId, status, body } per example,
// status "request" for the create request. Strings the PDF export broke over two
// lines are rejoined with a space; nothing else is changed.
// `node scripts/extract-seed-examples.mjs [--check]`: --check fails if the fixture differs.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { root } from './lib/tools.mjs';

export const seedPath = join(root, '..', 'shared', 'seeds', '001_1729891e36c6c3cc.txt');
export const fixturePath = join(root, 'test', 'fixtures', 'seed-examples.json');

const operations = [
  ['List all application backups', 'listAppBackups'],
  ['Retrieve an application backup', 'getAppBackup'],
  ['Delete an application backup', 'deleteAppBackup'],
  ['Create a new application backup for an app', 'createAppBackupForApp'],
  ['List the application backups for an app', 'listAppBackupsForApp'],
  ['Retrieve an application backup for an app', 'getAppBackupForApp'],
  ['Delete an application backup for an app', 'deleteAppBackupForApp'],
];

/** Rejoins a string the export broke over lines: a line with an odd number of quotes continues on the next. */
function repair(block) {
  const lines = block.split('\n');
  const out = [];
  for (const line of lines) {
    const last = out.at(-1);
    if (last !== undefined && (last.match(/"/g) ?? []).length % 2 === 1) out[out.length - 1] = `${last} ${line.trim()}`;
    else out.push(line);
  }
  return JSON.parse(out.join('\n'));
}

export function extract(text) {
  const examples = [];
  const headings = operations
    .map(([title, id]) => {
      const match = new RegExp(`^#+ ${title.replace(/ /g, ' ')}\\s*$`, 'm').exec(text);
      if (!match) throw new Error(`heading not found in the seed: ${title}`);
      return { id, start: match.index };
    })
    .sort((a, b) => a.start - b.start);
  headings.forEach(({ id, start }, i) => {
    const section = text.slice(start, headings[i + 1]?.start ?? text.length);
    const re = /Status: (\d{3})|### Example request|```\n(\{[\s\S]*?\})\n```/g;
    let status;
    for (const m of section.matchAll(re)) {
      if (m[1]) status = m[1];
      else if (m[0].startsWith('### Example request')) status = 'request';
      else if (m[2]) {
        if (!status) throw new Error(`example without a status in ${id}`);
        examples.push({ operationId: id, status, body: repair(m[2]) });
        status = undefined;
      }
    }
  });
  return examples;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  if (!existsSync(seedPath)) {
    console.error(`The seed reference is not at ${seedPath}`);
    process.exit(1);
  }
  const fresh = `${JSON.stringify(extract(readFileSync(seedPath, 'utf8')), null, 2)}\n`;
  if (process.argv.includes('--check')) {
    if (readFileSync(fixturePath, 'utf8') !== fresh) {
      console.error(
        'test/fixtures/seed-examples.json differs from the seed: run node scripts/extract-seed-examples.mjs',
      );
      process.exit(1);
    }
  } else writeFileSync(fixturePath, fresh);
  console.log(`${JSON.parse(fresh).length} examples in the seed`);
}
