import axios from 'axios';
import fs from 'node:fs';
import http from 'node:http';
import { createMemoryLogger } from '../../main/core/logging/logger';
import { parseServiceArgs } from '../../main/service/args';
import { startService } from '../../main/service/run-service';
import { launchBrowser } from '../helpers/browser';
import { createPtyPair, waitFor } from '../helpers/pty';
import { tempDir } from '../helpers/service-process';
import { drainBench } from './checkout-drain.bench';
import { percentile, type Row } from './lib';
import { paintProbe } from './paint-probe';

const SCANS = 200;
const CARDS = ['CU-7H3K9P2A', 'CU-4M8Q1Z6T', 'CU-9R2W5X8L', 'CU-3B6N0V4C'];
const wallNow = (): number => performance.timeOrigin + performance.now();

const INSTALL_PROBE = paintProbe('__paint', 'benefits', '(list) => list.children.length > 0');

/**
 * Scan-to-benefits-visible in Chromium: from the last byte written to the scanner's pty until the
 * customer's benefits are painted, with the customers cached (after the first round), at two network
 * latencies; the raw loopback round trip to the same simulator is the reference.
 */
export async function checkoutBench(): Promise<Row[]> {
  const rows: Row[] = [];
  const pty = await createPtyPair();
  const service = await startService(
    parseServiceArgs(['--demo', '--no-demo-feed', '--port', '0', '--data-dir', tempDir('bench-co-'), '--serial', `${pty.appPath}@115200`], {}),
    { logger: createMemoryLogger() },
  );
  const sim = service.demo!.simulator;
  // Every scan is a new checkout (the same card repeats as we cycle).
  await service.companion.api['settings.update']({ patch: { scanner: { sameCardWindowSec: 0 } } });
  const browser = await launchBrowser();
  // bypassCSP only lets the measuring probe run; the app itself is unchanged.
  const page = await (await browser.newContext({ viewport: { width: 400, height: 700 }, bypassCSP: true })).newPage();
  await page.goto(service.openUrl);
  await page.getByRole('heading', { name: 'Till Companion' }).waitFor();
  await page.evaluate(INSTALL_PROBE);
  await waitFor(() => service.companion.scanning.manager.status().kind === 'serial' && service.companion.scanning.manager.status().state === 'connected', 10_000, 'scanner');
  const writer = fs.openSync(pty.writerPath, 'w');
  const raw = axios.create({ baseURL: sim.url, headers: { Authorization: `Bearer ${sim.benefitsToken}` }, httpAgent: new http.Agent({ keepAlive: true }) });

  for (const latencyMs of [0, 50]) {
    sim.setFaults({ benefits: { latencyMs }, data: { latencyMs } });
    const times: number[] = [];
    for (let i = 0; i < SCANS + CARDS.length; i += 1) {
      const card = CARDS[i % CARDS.length]!;
      await page.evaluate(`window.__paint = null; window.__expect = ${JSON.stringify(card)};`);
      fs.writeSync(writer, `${card}\r`);
      const start = wallNow();
      const handle = await page.waitForFunction('window.__paint', undefined, { polling: 'raf', timeout: 10_000 });
      const painted = Number(await handle.jsonValue());
      if (i >= CARDS.length) times.push(painted - start); // the first round fills the customer cache
    }
    const rtt: number[] = [];
    for (let i = 0; i < SCANS; i += 1) {
      const start = wallNow();
      await raw.get('/benefits/', { params: { phone_number: '+358401234567' } });
      rtt.push(wallNow() - start);
    }
    times.sort((a, b) => a - b);
    rtt.sort((a, b) => a - b);
    for (const p of [50, 95]) {
      rows.push({
        figure: `scan → benefits painted p${p}, customer cached, ${latencyMs} ms network latency (${SCANS} scans)`,
        value: percentile(times, p),
        unit: 'ms',
        reference: { label: `raw loopback round trip p${p}`, value: percentile(rtt, p) },
        lowerIsBetter: true,
        note: `app overhead ${(percentile(times, p) - percentile(rtt, p)).toFixed(1)} ms`,
      });
    }
  }
  rows.push(...(await drainBench(service, page, writer)));
  fs.closeSync(writer);
  await browser.close();
  await service.stop();
  await pty.close();
  return rows;
}
