// A scratch clone of this checkout for tests that run the project's own npm scripts on a
// changed copy: this checkout's commits, its working tree's changes committed on top, and its
// node_modules linked in (never installed again). This checkout is never changed.

import { execFileSync } from 'node:child_process';
import { appendFileSync, cpSync, mkdirSync, rmSync, symlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { root } from '../support/spec.js';

export function scratchClone(clone: string) {
  const git = (...args: string[]) =>
    execFileSync('git', ['-c', 'user.name=rehearsal', '-c', 'user.email=rehearsal@example.com', ...args], {
      cwd: clone,
      encoding: 'utf8',
    }).trim();
  execFileSync('git', ['clone', '-q', root, clone]);
  git('remote', 'remove', 'origin');
  appendFileSync(join(clone, '.git', 'info', 'exclude'), 'node_modules\n');
  const status = execFileSync('git', ['status', '--porcelain', '--untracked-files=all', '--no-renames'], {
    cwd: root,
    encoding: 'utf8',
  });
  for (const line of status.split('\n').filter(Boolean)) {
    const path = line.slice(3);
    if (line.slice(0, 2).includes('D')) rmSync(join(clone, path), { force: true });
    else {
      mkdirSync(dirname(join(clone, path)), { recursive: true });
      cpSync(join(root, path), join(clone, path));
    }
  }
  if (git('status', '--porcelain')) {
    git('add', '-A');
    git('commit', '-qm', 'the working tree of the checkout');
  }
  symlinkSync(join(root, 'node_modules'), join(clone, 'node_modules'));
  return { git };
}
