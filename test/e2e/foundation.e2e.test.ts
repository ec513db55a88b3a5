import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openPage, screenshot } from '../helpers/browser';
import { api, projectRoot, startServiceProcess, tempDir, type ServiceProcess } from '../helpers/service-process';

describe('npm run serve -- --demo, in headless Chromium', () => {
  let service: ServiceProcess;
  let browser: Browser;

  beforeAll(async () => {
    service = await startServiceProcess(['--demo', '--port', '0']);
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await service?.stop();
  });

  it('prints exactly one line on stdout: the URL with the token', () => {
    expect(service.stdoutLines.filter((l) => l.trim() !== '')).toEqual([`Till Companion listening on ${service.url}`]);
    expect(service.token.length).toBeGreaterThanOrEqual(16);
  });

  it('shows the app with demo mode, version and connection target at 400×700', async () => {
    const { page, problems } = await openPage(browser, service.url);
    await page.getByRole('heading', { name: 'Till Companion' }).waitFor();
    // The badge follows app.info, which arrives after the first paint.
    await page.getByText('Demo', { exact: true }).waitFor({ state: 'visible', timeout: 10_000 });
    await expect(page.getByText('Demo', { exact: true }).isVisible()).resolves.toBe(true);
    // The token is removed from the address bar once read.
    expect(page.url()).not.toContain('token=');

    await page.keyboard.press('F2');
    const version = JSON.parse(fs.readFileSync('package.json', 'utf8')).version as string;
    await expect(page.getByTestId('app-version').textContent()).resolves.toBe(version);
    await expect(page.getByTestId('demo-state').textContent()).resolves.toMatch(/^On/);
    const target = await page.getByTestId('target-custobar').textContent();
    expect(target).toMatch(/http:\/\/127\.0\.0\.1:\d+/);
    expect(target).not.toContain(service.base);

    // Usable at 400 px: nothing wider than the viewport.
    const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
    expect(overflow).toBeLessThanOrEqual(0);
    const file = await screenshot(page, 'foundation-status');
    expect(fs.statSync(file).size).toBeGreaterThan(5_000);
    expect(problems, problems.join('\n')).toEqual([]);
  });

  it('switches views and language by keyboard only', async () => {
    const { page } = await openPage(browser, service.url);
    await page.getByRole('heading', { name: 'Till Companion' }).waitFor();
    await page.keyboard.press('F3');
    // The language is in the last section: End in the section list opens it.
    await page.getByRole('tab', { name: 'Connection' }).focus();
    await page.keyboard.press('End');
    await page.getByLabel('Language').selectOption('fi');
    await page.keyboard.press('Control+s');
    await page.getByRole('tab', { name: /Asetukset/ }).waitFor();
    await page.keyboard.press('F1');
    await expect(page.getByRole('tab', { name: /Kassa/ }).getAttribute('aria-selected')).resolves.toBe('true');
    const settings = await api<{ value: { settings: { general: { language: string } } } }>(service.base, service.token, 'settings.get');
    expect(settings.body.value.settings.general.language).toBe('fi');
    await api(service.base, service.token, 'settings.update', { patch: { general: { language: 'en' } } });
  });

  it('refuses API calls without the token (401) and from a foreign Origin (403)', async () => {
    expect((await api(service.base, null, 'status.get')).status).toBe(401);
    expect((await api(service.base, 'wrong-token-123', 'status.get')).status).toBe(401);
    expect((await api(service.base, service.token, 'status.get', {}, { Origin: 'http://evil.example' })).status).toBe(403);
    expect((await api(service.base, service.token, 'status.get', {}, { Origin: service.base })).status).toBe(200);
  });

  it('stops when its npm launcher is terminated, freeing the port', async () => {
    await service.stop('SIGTERM');
    expect(service.stderr()).toContain('shutting down');
  });

  it('shuts down cleanly on SIGTERM when run directly', async () => {
    const direct = await startServiceProcess(['--demo', '--port', '0'], { viaNpm: false });
    const code = await direct.stop('SIGTERM');
    expect(code).toBe(0);
    expect(direct.stderr()).toContain('SIGTERM received: shutting down');
  });
});

describe('a corrupt settings file', () => {
  it('is kept aside, defaults are used and the Status view says so', async () => {
    const dir = tempDir();
    const config = path.join(dir, 'till.json');
    fs.writeFileSync(config, '{"general": {"language": ');
    const service = await startServiceProcess(['--port', '0', '--data-dir', dir, '--config', config], { viaNpm: false });
    const browser = await launchBrowser();
    try {
      expect(fs.existsSync(`${config}.corrupt`)).toBe(true);
      const { page } = await openPage(browser, service.url);
      await page.getByRole('heading', { name: 'Till Companion' }).waitFor();
      await page.keyboard.press('F2');
      await expect(page.getByRole('alert').filter({ hasText: 'kept aside' }).textContent()).resolves.toContain('till.json.corrupt');
      await expect(page.getByTestId('demo-state').textContent()).resolves.toBe('Off');
      await expect(page.getByTestId('target-custobar').textContent()).resolves.toContain('Not configured');
    } finally {
      await browser.close();
      await service.stop();
    }
  });
});

describe('npm run simulator', () => {
  it('runs the simulator on its own and prints its address', async () => {
    // Its own process group: npm does not pass a SIGTERM on to the simulator it started, the group gets it.
    const child = spawn('npm', ['run', '--silent', 'simulator', '--', '--port', '0'], { cwd: projectRoot, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    const exited = new Promise((resolve) => child.once('exit', resolve));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        child.stdout!.on('data', (d: Buffer) => {
          const m = /Custobar simulator listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(d.toString());
          if (m) resolve(m[1]!);
        });
        child.once('exit', (code) => reject(new Error(`exited ${code}`)));
      });
      const res = await fetch(`${url}/api/data/customers/?limit=2`, { headers: { Authorization: 'Token demo-token' } });
      const body = (await res.json()) as { customers: unknown[]; next_url?: string };
      expect(body.customers).toHaveLength(2);
      expect(body.next_url).toContain('offset=2');
    } finally {
      process.kill(-child.pid!, 'SIGTERM');
      await exited;
    }
  });
});
