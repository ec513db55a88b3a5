// Builds when dist/ is missing or older than any source file, so `npm run serve` works on a fresh
// clone and after a `git pull` without a separate build step. Output goes to stderr only: service
// mode's stdout is reserved for its one URL line.
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';

const root = path.resolve(import.meta.dirname, '..');
const stamp = path.join(root, 'dist', '.build-stamp');

function newestMtime(dir) {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : fs.statSync(full).mtimeMs);
  }
  return newest;
}

export function ensureBuild() {
  const built = fs.existsSync(stamp) ? fs.statSync(stamp).mtimeMs : 0;
  const sources = Math.max(...['main', 'preload', 'renderer'].map((d) => newestMtime(path.join(root, d))));
  if (sources <= built) return;
  process.stderr.write('Building Till Companion (first run or sources changed)…\n');
  const result = spawnSync(process.execPath, [path.join(root, 'scripts', 'build.mjs'), '--quiet'], {
    stdio: ['ignore', 2, 2],
    cwd: root,
  });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
