import type { Browser, Page } from 'playwright-core';
import { launchBrowser, openPage } from './browser';
import { createPtyPair, type PtyPair } from './pty';
import { startServiceProcess, type ServiceProcess } from './service-process';

export interface ScannerSession {
  pty: PtyPair;
  service: ServiceProcess;
  browser: Browser;
  page: Page;
  close(): Promise<void>;
}

/**
 * `npm run serve` with a serial scanner on a fresh pty, and the UI open in headless Chromium on the
 * Checkout view once the Status view shows the scanner connected.
 */
export async function startScannerSession(extraArgs: string[]): Promise<ScannerSession> {
  const pty = await createPtyPair();
  const service = await startServiceProcess(['--port', '0', '--serial', `${pty.appPath}@115200`, ...extraArgs]);
  const browser = await launchBrowser();
  const { page } = await openPage(browser, service.url);
  await page.getByRole('heading', { name: 'Till Companion' }).waitFor();
  await page.keyboard.press('F2');
  await page.getByTestId('scanner-state').filter({ hasText: 'Connected' }).waitFor();
  await page.keyboard.press('F1');
  return {
    pty,
    service,
    browser,
    page,
    close: async () => {
      await browser.close();
      await service.stop();
      await pty.close();
    },
  };
}
