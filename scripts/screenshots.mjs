// Refreshes the README screenshots: `node scripts/screenshots.mjs` (needs `npm run build` and
// Chromium at /usr/bin/chromium or $CHROMIUM_PATH). Checkout, the manager dashboard and the setup
// screen, each in English and Finnish, plus a customer with a campaign prompt and recent purchases, and joining at the till. The dashboard is shot after the
// demo feed has run for a few minutes, so its charts have minutes to show: it takes about 5 minutes.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { URL } from 'node:url';
import { chromium } from 'playwright-core';

const root = path.resolve(import.meta.dirname, '..');
const out = path.join(root, 'assets', 'screenshots');
fs.mkdirSync(out, { recursive: true });
const minutes = Number(process.env.SHOT_MINUTES ?? 4);

/** The built service on a fresh data dir; resolves with its page URL, its base and its API token. */
async function serve(args) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'till-shots-'));
  const token = `shots-${Math.random().toString(36).slice(2)}`;
  const child = spawn(process.execPath, [path.join(root, 'dist/service/cli.js'), ...args, '--port', '0', '--data-dir', dataDir, '--api-token', token], { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise((resolve, reject) => {
    child.stdout.on('data', (d) => {
      const found = /listening on (http\S+)/.exec(String(d));
      if (found) resolve(found[1]);
    });
    child.on('exit', (code) => reject(new Error(`the service exited (${code})`)));
  });
  const base = new URL(url).origin;
  const call = async (method, input = {}) => {
    const res = await globalThis.fetch(`${base}/api/${method}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(input) });
    const body = await res.json();
    if (!body.ok) throw new Error(`${method}: ${JSON.stringify(body.error)}`);
    return body.value;
  };
  return { url, call, stop: () => child.kill('SIGTERM') };
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
});
const steps = (await import(path.join(root, 'scripts', 'screenshot-steps.mjs'))).default;
/** The page as the cashier sees it, or one part of it (a locator). */
const shoot = async (what, name) => {
  await what.screenshot({ path: path.join(out, `${name}.png`) });
  process.stderr.write(`saved ${name}.png\n`);
};

const demo = await serve(['--demo']);
const setup = await serve(['--no-demo-feed']);
try {
  // The demo feed streams sales; a redemption and a void give the totals something to count.
  await steps.prepareDemo(demo.call);
  process.stderr.write(`letting the demo feed run for ${minutes} min for the dashboard's charts…\n`);
  await delay(minutes * 60_000);
  for (const language of ['en', 'fi']) {
    await demo.call('settings.update', { patch: { general: { language } } });
    const till = await browser.newPage({ viewport: { width: 420, height: 760 }, deviceScaleFactor: 1 });
    await till.goto(demo.url);
    await till.locator('html[data-app-ready="true"]').waitFor({ state: 'attached' });
    await steps.checkout(till, language);
    await shoot(till, `checkout-${language}`);
    if (language === 'en') {
      await till.setViewportSize({ width: 420, height: 1100 });
      await steps.customer360(till);
      await shoot(till, 'customer-360');
      await till.setViewportSize({ width: 420, height: 760 });
      await steps.join(till);
      await shoot(till, 'join');
    }
    await till.close();
    const desk = await browser.newPage({ viewport: { width: 1280, height: 900 }, deviceScaleFactor: 1 });
    await desk.goto(demo.url);
    await desk.locator('html[data-app-ready="true"]').waitFor({ state: 'attached' });
    await shoot(await steps.dashboard(desk), `dashboard-${language}`);
    await desk.close();

    const first = await browser.newPage({ viewport: { width: 420, height: 760 }, deviceScaleFactor: 1 });
    await first.goto(setup.url);
    await first.locator('html[data-app-ready="true"]').waitFor({ state: 'attached' });
    await steps.setup(first, language);
    await shoot(first, `setup-${language}`);
    await first.close();
  }
  await demo.call('settings.update', { patch: { general: { language: 'en' } } });
} finally {
  await browser.close();
  demo.stop();
  setup.stop();
}
