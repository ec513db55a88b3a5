// Refreshes the README screenshots from the demo: `node scripts/screenshots.mjs`
// (needs a built app and Chromium at /usr/bin/chromium or $CHROMIUM_PATH).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';

const root = path.resolve(import.meta.dirname, '..');
const out = path.join(root, 'assets', 'screenshots');
fs.mkdirSync(out, { recursive: true });
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'till-shots-'));
const child = spawn(process.execPath, [path.join(root, 'dist/service/cli.js'), '--demo', '--port', '0', '--data-dir', dataDir], {
  stdio: ['ignore', 'pipe', 'inherit'],
});
const url = await new Promise((resolve) => child.stdout.on('data', (d) => resolve(/http\S+/.exec(String(d))[0])));
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
});
try {
  const page = await browser.newPage({ viewport: { width: 420, height: 720 }, deviceScaleFactor: 1 });
  await page.goto(url);
  await page.getByRole('heading', { name: 'Till Companion' }).waitFor();
  const steps = (await import(path.join(root, 'scripts', 'screenshot-steps.mjs'))).default;
  for (const [name, step] of Object.entries(steps)) {
    await step(page);
    await page.screenshot({ path: path.join(out, `${name}.png`) });
    process.stderr.write(`saved ${name}.png\n`);
  }
} finally {
  await browser.close();
  child.kill('SIGTERM');
}
