import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { projectRoot } from '../../helpers/service-process';

/** What a production install and electron-builder see: the manifest, the lock, the build, the config. */
const COPIED = ['package.json', 'package-lock.json', '.npmrc', 'electron-builder.yml', 'dist', 'assets'];

/**
 * The environment of `npm test` minus npm's own variables (npm_config_*, npm_lifecycle_*, …): a child
 * npm must read this project's .npmrc and nothing inherited from the npm that runs the tests. The
 * cache location stays, so the install is served from the cache `npm ci` filled.
 */
export function cleanEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) if (!/^npm_/i.test(key)) env[key] = value;
  if (process.env.npm_config_cache) env.npm_config_cache = process.env.npm_config_cache;
  return { ...env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1', ...extra };
}

/**
 * Copies the project's manifest and build into a fresh folder and installs production dependencies
 * only, as electron-builder packs them and as a server install (`npm ci --omit=dev`) gets them.
 * No install scripts: nothing is compiled, only what is installed matters here.
 */
export function installProduction(): string {
  if (!fs.existsSync(path.join(projectRoot, 'dist', 'main', 'index.js'))) {
    throw new Error('dist/ is missing: run `npm run build` first (npm test does)');
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'till-prod-'));
  for (const entry of COPIED) {
    const from = path.join(projectRoot, entry);
    if (fs.existsSync(from)) fs.cpSync(from, path.join(dir, entry), { recursive: true });
  }
  execFileSync('npm', ['ci', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund', '--prefer-offline'], {
    cwd: dir,
    env: cleanEnv(),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return dir;
}
