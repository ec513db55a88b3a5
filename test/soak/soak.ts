import Database from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { CheckoutState, RedemptionView } from '../../preload/contract';
import { seededRandom, type FaultPatch } from '../../main/simulator/faults';
import { startSimulator, type Simulator } from '../../main/simulator/server';
import type { UploadLogEntry } from '../../main/simulator/state';
import { percentile } from '../bench/lib';
import { createPtyPair, type PtyPair } from '../helpers/pty';
import { tempDir } from '../helpers/service-process';
import { ServiceClient, sleep } from './client';
import { loopPercentile, mb, maxOf, ms, p50p95, type ReportLine, type SoakFigures, type SoakReport } from './report';
import { freePort, rssOf, ServiceUnderTest } from './service';
import { BASE_INTERVAL_MS, BusyStore, REDEEM_EVERY_NTH_SCAN, SHOP_ID, soakKeyOfDelivery, VOID_EVERY_NTH_COMMIT, type PosBatch, type SoakCustomer } from './store';

/**
 * Moderate faults on uploads and redemptions, for the whole load phase (turned off for the final
 * drain). Probabilities are per request; latency is added to every request of the area.
 */
export const SOAK_FAULTS: FaultPatch = {
  uploads: { error5xx: 0.05, rateLimit: 0.05, retryAfterSec: 1, resetBeforeReply: 0.03, commitThenReset: 0.05, latencyMs: 30 },
  redemptions: { error5xx: 0.05, rateLimit: 0.03, retryAfterSec: 1, resetBeforeReply: 0.03, commitThenReset: 0.08, timeoutAfterCommit: 0.02, latencyMs: 30 },
  data: { latencyMs: 20 },
  benefits: { latencyMs: 20 },
};
const NO_FAULTS: FaultPatch = { all: { error5xx: 0, rateLimit: 0, resetBeforeReply: 0, commitThenReset: 0, timeoutAfterCommit: 0, latencyMs: 0 } };

export const TILL_ID = 'SOAK-TILL';
const TOKEN = 'soak-api-token-0123456789';
const SCAN_TIMEOUT_MS = 10_000;
const SCANNER_BACK_TIMEOUT_MS = 30_000;
const DRAIN_TIMEOUT_MS = 6 * 60_000;

export interface SoakOptions {
  minutes: number;
  speed: number;
  /** Seconds between SIGKILLs: [min, max], drawn uniformly; null = none. */
  killEvery: [number, number] | null;
  /** Seconds between scanner unplugs. */
  unplugEvery: [number, number] | null;
  seed: number;
  /** Progress lines go here (stderr); the report is returned. */
  log: (line: string) => void;
}

interface RedeemReply {
  appId: string | null;
  state: RedemptionView['state'] | 'blocked-offline' | 'error' | 'no-answer';
}

/** Stoppable waits: every loop of the soak ends within one tick of stop(). */
class Clock {
  private stopped = false;
  private wake: (() => void)[] = [];
  get running(): boolean {
    return !this.stopped;
  }
  stop(): void {
    this.stopped = true;
    this.wake.splice(0).forEach((w) => w());
  }
  /** Waits ms, or less if stopped; resolves true while still running. */
  async wait(msToWait: number): Promise<boolean> {
    if (this.stopped) return false;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, Math.max(0, msToWait));
      const self = this.wake;
      function done() {
        clearTimeout(timer);
        const i = self.indexOf(done);
        if (i >= 0) self.splice(i, 1);
        resolve();
      }
      self.push(done);
    });
    return !this.stopped;
  }
}

export async function runSoak(options: SoakOptions): Promise<SoakReport> {
  const { log } = options;
  const random = seededRandom(options.seed);
  const between = ([lo, hi]: [number, number]) => (lo + (hi - lo) * random()) * 1000;
  const jitter = (base: number) => (base / options.speed) * (0.5 + random());
  const startedAt = new Date();
  const root = tempDir('soak-');
  const dataDir = path.join(root, 'data');
  const probeDir = path.join(root, 'probe');
  for (const dir of [dataDir, probeDir, path.join(root, 'pty')]) fs.mkdirSync(dir);

  // The simulator, in this process so its records, deliveries and arrival log can be read directly.
  const sim: Simulator = await startSimulator({ seed: false, randomSeed: options.seed, faults: SOAK_FAULTS, hangMs: 10_000 });
  const refusedUploads: UploadLogEntry[] = [];
  const logUpload = sim.state.logUpload.bind(sim.state);
  sim.state.logUpload = (entry) => {
    if (entry.status === 400) refusedUploads.push(entry);
    logUpload(entry);
  };

  const pty: PtyPair = await createPtyPair(path.join(root, 'pty'));
  const configFile = path.join(dataDir, 'settings.json');
  fs.writeFileSync(
    configFile,
    JSON.stringify({
      general: { tillId: TILL_ID, shopId: SHOP_ID },
      custobar: { baseUrl: sim.url },
      benefits: { baseUrl: sim.url },
      customers: { source: 'custobar' },
      scanner: { kind: 'serial', serial: { path: pty.appPath, baudRate: 115200 }, sameCardWindowSec: 0 },
      exports: { schedules: { customers: 'continuous', products: 'continuous', sales: 'continuous', shops: 'continuous', events: 'continuous' } },
    }),
  );
  const env: NodeJS.ProcessEnv = { ...process.env, TILL_CUSTOBAR_TOKEN: sim.token, TILL_BENEFITS_TOKEN: sim.benefitsToken };
  // Started by the soak, not by npm: the service must not watch for a launching npm to go away.
  for (const name of Object.keys(env)) if (name.startsWith('npm_') || name === 'TILL_API_TOKEN') delete env[name];
  const service = new ServiceUnderTest({ dataDir, configFile, port: await freePort(), token: TOKEN, env, probeDir, logFile: path.join(root, 'service.log') });
  const client = new ServiceClient(() => service.base, TOKEN);
  log(`soak: ${options.minutes} min at ${options.speed}×, seed ${options.seed}, in ${root}`);

  await service.start();
  const rssSamples: { at: number; generation: number; rss: number }[] = [];
  const sampleRss = () => {
    const rss = service.pid && service.up ? rssOf(service.pid) : null;
    if (rss !== null) rssSamples.push({ at: Date.now(), generation: service.generation, rss });
    return rss;
  };
  const rssStart = sampleRss() ?? Number.NaN;
  const rssBeforeKill: number[] = [];

  const clock = new Clock();
  const chaos = { epoch: 0, plugged: true, restarting: false };
  const store = new BusyStore(random);

  // --- The POS: one request at a time, in order, each resent until it is acknowledged. -----------
  const queue: PosBatch[] = [...store.opening()];
  const acked = new Map<string, PosBatch['type']>();
  const ackedCustomers = new Set<string>();
  const ingestMs: number[] = [];
  let ingestRefused = 0;
  let ingestResends = 0;
  /** Requests that got no answer although the connection was taken: cut by a SIGKILL mid-request. */
  let ingestCut = 0;
  let posts = 0;
  let senderDone = false;
  let abandon = false;
  const sender = (async () => {
    while (!abandon) {
      const batch = queue[0];
      if (!batch) {
        if (!clock.running) break;
        await sleep(20);
        continue;
      }
      const answer = await client.ingest(batch.type, batch.records);
      if (answer.kind === 'ok') {
        posts += 1;
        ingestMs.push(answer.ms);
        if (answer.value.accepted === batch.records.length) {
          batch.keys.forEach((k) => acked.set(k, batch.type));
          if (batch.type === 'customers') batch.records.forEach((r) => ackedCustomers.add(String(r.external_id)));
        } else {
          ingestRefused += batch.records.length - answer.value.accepted;
        }
        queue.shift();
      } else if (answer.kind === 'error' && answer.status === 400) {
        ingestRefused += batch.records.length;
        log(`soak: the ingest API refused ${batch.type}: ${answer.message}`);
        queue.shift();
      } else {
        // Down (killed, restarting) or 503: the POS keeps the records and sends them again.
        ingestResends += 1;
        if (answer.kind === 'no-answer' && answer.reason !== 'ECONNREFUSED') ingestCut += 1;
        await sleep(250);
      }
    }
    senderDone = true;
  })();

  const generator = (base: number, make: () => PosBatch[]) =>
    (async () => {
      while (await clock.wait(jitter(base))) queue.push(...make());
    })();
  const generators = [
    generator(BASE_INTERVAL_MS.sale, () => store.sale(Date.now())),
    generator(BASE_INTERVAL_MS.product, () => store.product()),
    generator(BASE_INTERVAL_MS.event, () => store.event(Date.now())),
  ];

  // --- The till: scans on the pty, the checkout over the contract, redemptions and voids. ---------
  const benefitOf = (c: SoakCustomer) => `SB-${c.id}`;
  const scanMs: number[] = [];
  let scansWritten = 0;
  let scansShown = 0;
  let scansSkipped = 0;
  let scansInterrupted = 0;
  const scanFailures: string[] = [];
  let shownWithBenefit = 0;
  const redeemReplies: RedeemReply[] = [];
  let commitsReplied = 0;
  const voidsRequested = new Set<string>();
  const scannerConnected = async () => {
    const status = await client.call('scanner.status', {}, 5000);
    return status.kind === 'ok' && status.value.state === 'connected';
  };

  const redeem = async (benefitId: string) => {
    const answer = await client.call('checkout.redeem', { benefitId }, 30_000);
    if (answer.kind === 'ok') {
      redeemReplies.push({ appId: answer.value.id, state: answer.value.state });
      if (answer.value.state !== 'committed') return;
      commitsReplied += 1;
      if (commitsReplied % VOID_EVERY_NTH_COMMIT !== 0) return;
      const voided = await client.call('redemptions.void', { redemptionId: answer.value.id, reason: 'Soak: the customer changed their mind' }, 30_000);
      // A void that got no answer may still have been requested; the final comparison reads the database.
      if (voided.kind !== 'error') voidsRequested.add(answer.value.id);
    } else if (answer.kind === 'error') {
      redeemReplies.push({ appId: null, state: answer.code === 'unavailable' ? 'blocked-offline' : 'error' });
      if (answer.code !== 'unavailable') log(`soak: redeem answered ${answer.status} ${answer.code}: ${answer.message}`);
    } else {
      redeemReplies.push({ appId: null, state: 'no-answer' });
    }
  };

  const till = (async () => {
    while (await clock.wait(jitter(BASE_INTERVAL_MS.scan))) {
      const scannable = store.customers.filter((c) => ackedCustomers.has(c.id) && sim.state.records.customers.has(c.id));
      if (scannable.length === 0 || !service.up || chaos.restarting || !chaos.plugged || !(await scannerConnected())) {
        scansSkipped += 1;
        continue;
      }
      const customer = scannable[Math.floor(random() * scannable.length)]!;
      if (!sim.state.benefits.has(benefitOf(customer))) {
        sim.state.benefits.set(benefitOf(customer), {
          id: benefitOf(customer),
          phone_number: customer.phone,
          title: 'Free coffee',
          description: 'A cup of coffee on the house.',
          kind: 'item',
          value: 1,
          valid_until: `${new Date().getFullYear() + 1}-12-31`,
          uses_left: null,
        });
      }
      const epoch = chaos.epoch;
      const before = await client.call('checkout.get', {}, 5000);
      const beforeId = before.kind === 'ok' ? before.value.checkoutId : null;
      const start = performance.now();
      try {
        await pty.write(`${customer.id}\r`);
      } catch {
        scansInterrupted += 1;
        continue;
      }
      scansWritten += 1;
      let state: CheckoutState | null = null;
      while (performance.now() - start < SCAN_TIMEOUT_MS) {
        const got = await client.call('checkout.get', {}, 5000);
        if (got.kind === 'ok' && got.value.cardId === customer.id && got.value.checkoutId !== beforeId && got.value.customerState !== 'loading' && got.value.benefitsState !== 'loading') {
          state = got.value;
          break;
        }
        await sleep(20);
      }
      const elapsed = performance.now() - start;
      const shown = state?.customerState === 'ready' && state.benefitsState === 'ready';
      if (!shown) {
        if (chaos.epoch !== epoch || chaos.restarting) scansInterrupted += 1;
        else scanFailures.push(state ? `${customer.id}: ${state.customerState}/${state.benefitsState}: ${state.message ?? ''}` : `${customer.id}: not shown in ${SCAN_TIMEOUT_MS} ms`);
        continue;
      }
      scansShown += 1;
      scanMs.push(elapsed);
      const benefit = state!.benefits.find((b) => b.id === benefitOf(customer) && b.available);
      if (!benefit) {
        if (chaos.epoch === epoch) scanFailures.push(`${customer.id}: shown without its benefit (${state!.message ?? 'no message'})`);
        continue;
      }
      shownWithBenefit += 1;
      // Every 6th such scan redeems, starting with the 2nd, so even a short run has a redemption.
      if (shownWithBenefit % REDEEM_EVERY_NTH_SCAN === 2 % REDEEM_EVERY_NTH_SCAN) await redeem(benefit.id);
    }
  })();

  // --- Chaos: scanner unplugs and SIGKILLs, one at a time, at random moments. ---------------------
  const restartMs: number[] = [];
  const reconnectMs: number[] = [];
  let kills = 0;
  let unplugs = 0;
  let scannerNotBack = 0;
  const waitScanner = async (): Promise<number | null> => {
    const start = performance.now();
    while (performance.now() - start < SCANNER_BACK_TIMEOUT_MS) {
      if (await scannerConnected()) return performance.now() - start;
      await sleep(50);
    }
    return null;
  };
  const restart = async () => {
    chaos.restarting = true;
    try {
      await service.start();
    } finally {
      chaos.restarting = false;
    }
  };
  const chaosLoop = (async () => {
    const t0 = Date.now();
    let nextKill = options.killEvery ? t0 + between(options.killEvery) : Infinity;
    let nextUnplug = options.unplugEvery ? t0 + between(options.unplugEvery) : Infinity;
    for (;;) {
      const next = Math.min(nextKill, nextUnplug);
      if (!Number.isFinite(next) || !(await clock.wait(next - Date.now()))) break;
      chaos.epoch += 1;
      if (next === nextKill) {
        const rss = sampleRss();
        if (rss !== null) rssBeforeKill.push(rss);
        chaos.restarting = true;
        await service.kill();
        kills += 1;
        await restart();
        restartMs.push(service.startMs.at(-1)!);
        if ((await waitScanner()) === null) scannerNotBack += 1;
        nextKill = Date.now() + between(options.killEvery!);
      } else {
        chaos.plugged = false;
        await pty.unplug();
        unplugs += 1;
        await sleep(2000 + 2000 * random());
        await pty.replug();
        chaos.plugged = true;
        const back = await waitScanner();
        if (back === null) scannerNotBack += 1;
        else reconnectMs.push(back);
        nextUnplug = Date.now() + between(options.unplugEvery!);
      }
      chaos.epoch += 1;
    }
  })();

  // --- Watchers: RSS every 2 s, an exit nobody asked for, and the UI's event stream. --------------
  const loadAverages: number[] = [];
  const watcher = (async () => {
    while (await clock.wait(2000)) {
      sampleRss();
      loadAverages.push(os.loadavg()[0]!);
      if (!service.up && !chaos.restarting) {
        log(`soak: the service exited on its own (${JSON.stringify(service.unexpectedExits.at(-1))}); starting it again`);
        await restart();
      }
    }
  })();
  let sseEvents = 0;
  let sseConnects = 0;
  const sseAbort = new AbortController();
  const sse = (async () => {
    while (!sseAbort.signal.aborted) {
      try {
        const res = await fetch(`${service.base}/api/events`, { headers: { Authorization: `Bearer ${TOKEN}` }, signal: sseAbort.signal });
        sseConnects += 1;
        const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          sseEvents += value.split('\n').filter((l) => l.startsWith('event:')).length;
        }
      } catch {
        // Killed, restarting or stopped: connect again, as the UI does.
      }
      await sleep(500);
    }
  })();

  const progress = setInterval(() => {
    log(`soak: ${Math.round((Date.now() - startedAt.getTime()) / 1000)} s: ${acked.size} acknowledged, ${queue.length} queued at the POS, ${scansShown} scans shown, ${redeemReplies.length} redemptions, ${kills} kills, ${unplugs} unplugs`);
  }, 30_000);
  progress.unref();

  // --- The run, then the drain. -------------------------------------------------------------------
  await sleep(options.minutes * 60_000);
  clock.stop();
  await Promise.all([chaosLoop, till, ...generators, watcher]);
  if (!service.up) await restart();
  if (!chaos.plugged) await pty.replug();
  // The POS sends what it still holds; what the ingest API will not take in 2 minutes stays unacknowledged.
  const queueDeadline = Date.now() + 120_000;
  while (!senderDone && Date.now() < queueDeadline) await sleep(50);
  abandon = true;
  await sender;
  const unsent = queue.reduce((n, b) => n + b.records.length, 0);
  clearInterval(progress);
  log(`soak: load over (${acked.size} records acknowledged); faults off, draining`);

  sim.setFaults(NO_FAULTS);
  const drainStart = performance.now();
  await client.call('exports.sendNow', { type: 'all' });
  let drained = false;
  while (performance.now() - drainStart < DRAIN_TIMEOUT_MS) {
    const exportsStatus = await client.call('exports.status');
    const today = await client.call('redemptions.today');
    if (
      exportsStatus.kind === 'ok' &&
      today.kind === 'ok' &&
      exportsStatus.value.types.every((t) => t.pending === 0 && t.inFlight === 0) &&
      today.value.every((r) => r.state !== 'pending' && r.voidState !== 'pending')
    ) {
      drained = true;
      break;
    }
    await sleep(500);
  }
  const drainMs = performance.now() - drainStart;
  const rssEnd = sampleRss() ?? Number.NaN;
  const dead = await client.call('deadLetters.list', { limit: 500, offset: 0 });
  const deadLetters = dead.kind === 'ok' ? dead.value.total : Number.NaN;
  sseAbort.abort();
  await sse;
  const exitCode = await service.stop();
  const cleanExit = exitCode === 0;
  await pty.close();

  // --- What the app's database holds. -------------------------------------------------------------
  const db = new Database(path.join(dataDir, 'till-companion.db'), { readonly: true });
  const integrityOk = db.pragma('integrity_check', { simple: true }) === 'ok';
  const rows = db.prepare('SELECT id, state, remote_id, void_state FROM redemptions').all() as { id: string; state: string; remote_id: string | null; void_state: string | null }[];
  const leftInOutbox = (db.prepare('SELECT count(*) AS n FROM outbox WHERE state IN (0, 1)').get() as { n: number }).n;
  db.close();
  await sim.close();

  // --- Records: acknowledged against delivered. ---------------------------------------------------
  const deliveries = new Map<string, number>();
  for (const [key, d] of sim.state.deliveries) deliveries.set(soakKeyOfDelivery(key), (deliveries.get(soakKeyOfDelivery(key)) ?? 0) + d.count);
  const fromPos = (key: string) => /^[a-z]+:SOAK-/.test(key);
  const lost = [...acked.keys()].filter((k) => !deliveries.has(k));
  const deliveredPos = [...deliveries.keys()].filter(fromPos);
  const deliveredNotAcked = deliveredPos.filter((k) => !acked.has(k)).length;
  const duplicates = [...deliveries.values()].filter((n) => n > 1);
  const extraDeliveries = duplicates.reduce((s, n) => s + n - 1, 0);
  const invalidRecords = refusedUploads.reduce((s, u) => s + u.records, 0);
  // Sales and events that reached Custobar before their customer, by the arrival log's first arrivals.
  const beforeCustomer: string[] = [];
  for (const [key, d] of sim.state.deliveries) {
    if (d.count === 0) continue;
    const [type, ...rest] = key.split(':');
    const recordKey = rest.join(':');
    let customer: unknown;
    if (type === 'sales') customer = sim.state.records.sales.get(recordKey)?.sale_customer_id;
    else if (type === 'events') customer = sim.state.records.events.get(recordKey)?.customer_id;
    if (typeof customer !== 'string') continue;
    const own = sim.state.firstArrival(type as 'sales', recordKey)!;
    const customerFirst = sim.state.firstArrival('customers', customer);
    if (customerFirst === undefined || customerFirst > own) beforeCustomer.push(`${type}:${recordKey}`);
  }
  const beforeCount = new Set([...beforeCustomer, ...sim.state.orphans, ...sim.state.eventsBeforeCustomer.map((e) => `events:${e.key}`)]).size;

  // --- Redemptions: the app's database against the simulator. --------------------------------------
  const simRedemptions = [...sim.state.redemptions.values()].filter((r) => r.till_id === TILL_ID);
  const held = rows.filter((r) => r.state === 'committed' || r.state === 'voided');
  const byRemote = new Map<string, number>();
  for (const r of held) if (r.remote_id) byRemote.set(r.remote_id, (byRemote.get(r.remote_id) ?? 0) + 1);
  const missing = held.filter((r) => !r.remote_id || !sim.state.redemptions.has(r.remote_id)).length;
  const doubled = simRedemptions.filter((s) => byRemote.get(s.id) !== 1).length;
  const mismatched = held.filter((r) => r.remote_id && sim.state.redemptions.get(r.remote_id) && sim.state.redemptions.get(r.remote_id)!.status !== r.state).length;
  const pending = rows.filter((r) => r.state === 'pending' || r.void_state === 'pending').length;
  const expectedEvents = [...held.map((r) => `events:redemption-${r.id}`), ...held.filter((r) => r.state === 'voided').map((r) => `events:void-${r.id}`)];
  const deliveredEvents = expectedEvents.filter((k) => deliveries.has(k)).length;
  const appState = new Map(rows.map((r) => [r.id, r.state]));
  const committedLater = redeemReplies.filter((r) => r.state === 'committed' && r.appId && !['committed', 'voided'].includes(appState.get(r.appId) ?? '')).length;
  const voidedInApp = rows.filter((r) => r.state === 'voided').length;

  // --- Event-loop delay: every service process's histogram, merged. --------------------------------
  const buckets = new Map<number, number>();
  let loopSamples = 0;
  let loopMax = 0;
  let startupMax = 0;
  let lifetimes = 0;
  for (const file of fs.readdirSync(probeDir).filter((f) => /^loop-\d+\.json$/.test(f))) {
    const probe = JSON.parse(fs.readFileSync(path.join(probeDir, file), 'utf8')) as { samples: number; maxMs: number; startupMaxMs: number; buckets: Record<string, number> };
    lifetimes += 1;
    loopSamples += probe.samples;
    loopMax = Math.max(loopMax, probe.maxMs);
    startupMax = Math.max(startupMax, probe.startupMaxMs);
    for (const [b, n] of Object.entries(probe.buckets)) buckets.set(Number(b), (buckets.get(Number(b)) ?? 0) + n);
  }

  const ingestSorted = [...ingestMs].sort((a, b) => a - b);
  const peakSample = rssSamples.reduce((a, b) => (b.rss > a.rss ? b : a), rssSamples[0]!);
  const rssPeak = peakSample.rss;
  const peakWhen = `process ${peakSample.generation} of ${service.generation}, ${Math.round((peakSample.at - service.listenedAt[peakSample.generation - 1]!) / 1000)} s after it started`;
  const loadMean = loadAverages.reduce((a, b) => a + b, 0) / loadAverages.length;
  const byType = (type: string) => [...acked.values()].filter((t) => t === type).length;
  const figures: SoakFigures = {
    acknowledged: acked.size,
    delivered: deliveredPos.length,
    lost: lost.length,
    deliveredNotAcknowledged: deliveredNotAcked,
    duplicateRecords: duplicates.length,
    extraDeliveries,
    conflicts: sim.state.conflicts.length,
    invalidUploads: refusedUploads.length,
    invalidRecords,
    deadLetters,
    beforeCustomer: beforeCount,
    ingestRefused,
    unsentAtPos: unsent,
    leftInOutbox,
    redeemCalls: redeemReplies.length,
    redemptionsCommittedInApp: held.length,
    redemptionsAtSimulator: simRedemptions.length,
    redemptionsMissing: missing,
    redemptionsDoubled: doubled,
    redemptionStateMismatches: mismatched,
    redemptionsPending: pending,
    redemptionEventsExpected: expectedEvents.length,
    redemptionEventsDelivered: deliveredEvents,
    committedRepliesLater: committedLater,
    voids: voidedInApp,
    scansWritten,
    scansShown,
    scansFailed: scanFailures.length,
    scansInterrupted,
    unplugs,
    scannerNotBack,
    kills,
    unexpectedExits: service.unexpectedExits.length,
    cleanExit,
    integrityOk,
    drained,
    drainMs,
    loopDelayP50Ms: loopPercentile(buckets, loopSamples, 50),
    loopDelayP99Ms: loopPercentile(buckets, loopSamples, 99),
    loopDelayMaxMs: loopMax,
    loopDelayStartupMaxMs: startupMax,
    loopDelaySamples: loopSamples,
    ingestP99Ms: percentile(ingestSorted, 99),
    rssStartMb: mb(rssStart),
    rssEndMb: mb(rssEnd),
    rssPeakMb: mb(rssPeak),
    loadAverageMean: loadMean,
    faultsInjected: { ...sim.state.faultsInjected },
  };

  const judge = (ok: boolean): ReportLine['verdict'] => (ok ? 'pass' : 'FAIL');
  const replies = (state: RedeemReply['state']) => redeemReplies.filter((r) => r.state === state).length;
  const lines: ReportLine[] = [
    { section: 'Records', figure: 'acknowledged by the ingest API (202)', value: `${acked.size} (customers ${byType('customers')}, products ${byType('products')}, sales rows ${byType('sales')}, events ${byType('events')}, shops ${byType('shops')}) in ${posts} requests; ${ingestResends} resends while the service was down, ${ingestCut} of them after a SIGKILL cut the request`, verdict: 'info' },
    { section: 'Records', figure: 'delivered (distinct records at the simulator, by type and key)', value: String(deliveredPos.length), verdict: 'info' },
    { section: 'Records', figure: 'acknowledged but never delivered (lost)', value: lost.length ? `${lost.length} (e.g. ${lost.slice(0, 3).join(', ')})` : '0', verdict: judge(lost.length === 0) },
    { section: 'Records', figure: 'delivered without an acknowledgement (stored before a SIGKILL cut the reply; the POS sent them again)', value: String(deliveredNotAcked), verdict: 'info' },
    { section: 'Records', figure: 'duplicates: records delivered more than once / extra deliveries', value: `${duplicates.length} / ${extraDeliveries}`, verdict: 'info' },
    { section: 'Records', figure: 'a sale row or event delivered again with different content', value: String(sim.state.conflicts.length), verdict: judge(sim.state.conflicts.length === 0) },
    { section: 'Records', figure: 'invalid records sent: uploads the simulator refused (400) / records in them / dead letters', value: `${refusedUploads.length} / ${invalidRecords} / ${deadLetters}`, verdict: judge(refusedUploads.length === 0 && deadLetters === 0) },
    { section: 'Records', figure: 'sales and events that arrived before their customer (arrival log)', value: String(beforeCount), verdict: judge(beforeCount === 0) },
    { section: 'Records', figure: 'records the ingest API refused / still unacknowledged at the POS 2 minutes after the load', value: `${ingestRefused} / ${unsent}`, verdict: judge(ingestRefused === 0 && unsent === 0) },
    { section: 'Records', figure: 'left in the outbox after the drain', value: `${leftInOutbox}; drained in ${ms(drainMs)}${drained ? '' : ' (NOT drained)'}`, verdict: judge(leftInOutbox === 0 && drained) },
    { section: 'Redemptions', figure: 'checkout.redeem calls: committed / pending / rejected / blocked offline / no answer', value: `${redeemReplies.length}: ${replies('committed')} / ${replies('pending')} / ${replies('rejected')} / ${replies('blocked-offline')} / ${replies('no-answer') + replies('error')}`, verdict: 'info' },
    { section: 'Redemptions', figure: 'committed according to the app (its database; voided ones included) / held by the simulator', value: `${held.length} / ${simRedemptions.length} (voided: ${voidedInApp} in the app, ${simRedemptions.filter((r) => r.status === 'voided').length} at the simulator; ${voidsRequested.size} voids asked for)`, verdict: judge(held.length === simRedemptions.length) },
    { section: 'Redemptions', figure: 'committed in the app, missing at the simulator', value: String(missing), verdict: judge(missing === 0) },
    { section: 'Redemptions', figure: 'at the simulator but not exactly once in the app (doubles)', value: String(doubled), verdict: judge(doubled === 0) },
    { section: 'Redemptions', figure: 'committed/voided state differs between the app and the simulator', value: String(mismatched), verdict: judge(mismatched === 0) },
    { section: 'Redemptions', figure: 'still pending (redemption or void) after the drain', value: String(pending), verdict: judge(pending === 0) },
    { section: 'Redemptions', figure: 'redemption and void events delivered to Custobar', value: `${deliveredEvents} of ${expectedEvents.length}`, verdict: judge(deliveredEvents === expectedEvents.length) },
    { section: 'Redemptions', figure: 'answered "committed" but not committed in the app at the end', value: String(committedLater), verdict: judge(committedLater === 0) },
    { section: 'Scanning', figure: 'scans written to the pty / customer and benefits shown / skipped (unplugged, restarting) / cut by a kill or unplug', value: `${scansWritten} / ${scansShown} / ${scansSkipped} / ${scansInterrupted}`, verdict: 'info' },
    { section: 'Scanning', figure: 'scans without their customer and benefit, with no kill or unplug around them', value: scanFailures.length ? `${scanFailures.length}: ${scanFailures.slice(0, 3).join('; ')}` : '0', verdict: judge(scanFailures.length === 0) },
    { section: 'Scanning', figure: 'last byte on the pty → customer and benefits in checkout.get, p50 / p95 (polled every 20 ms)', value: p50p95(scanMs), verdict: 'info' },
    { section: 'Scanning', figure: 'unplugs; replug → scanner connected p50 / p95, not back within 30 s', value: `${unplugs}; ${p50p95(reconnectMs)}; ${scannerNotBack}`, verdict: judge(scannerNotBack === 0) },
    { section: 'Service', figure: 'SIGKILLs; restart → listening p50 / p95', value: `${kills}; ${p50p95(restartMs)}`, verdict: 'info' },
    { section: 'Service', figure: 'exits the soak did not cause', value: service.unexpectedExits.length ? JSON.stringify(service.unexpectedExits) : '0', verdict: judge(service.unexpectedExits.length === 0) },
    { section: 'Service', figure: 'SIGTERM at the end: clean exit / SQLite integrity_check', value: `exit ${exitCode} / ${integrityOk ? 'ok' : 'FAILED'}`, verdict: judge(cleanExit && integrityOk) },
    { section: 'Service', figure: `event-loop delay p50 / p99 / max once listening (probe in each of the ${lifetimes} service processes)`, value: `${ms(figures.loopDelayP50Ms)} / ${ms(figures.loopDelayP99Ms)} / ${ms(loopMax)} (${loopSamples.toLocaleString('en-US')} samples)`, verdict: 'info' },
    { section: 'Service', figure: 'longest event-loop block while starting (before the listening line)', value: ms(startupMax), verdict: 'info' },
    { section: 'Service', figure: 'ingest request → 202, p50 / p99 (from the POS side)', value: `${ms(percentile(ingestSorted, 50))} / ${ms(figures.ingestP99Ms)}`, verdict: 'info' },
    { section: 'Service', figure: 'RSS (VmRSS) at start / at the end / peak / highest just before a SIGKILL', value: `${figures.rssStartMb} / ${figures.rssEndMb} / ${figures.rssPeakMb} (${peakWhen}) / ${mb(maxOf(rssBeforeKill))} MB`, verdict: 'info' },
    { section: 'Service', figure: 'UI event stream: connections / events received', value: `${sseConnects} / ${sseEvents}`, verdict: 'info' },
    { section: 'Faults', figure: 'injected by the simulator', value: Object.entries(sim.state.faultsInjected).sort().map(([k, v]) => `${k} ${v}`).join(', ') || 'none', verdict: 'info' },
    { section: 'Machine', figure: 'load average (1 min) while the load ran: mean / max', value: `${loadMean.toFixed(2)} / ${maxOf(loadAverages).toFixed(2)} on ${os.cpus().length} cores`, verdict: 'info' },
  ];
  return {
    startedAt: startedAt.toISOString(),
    minutes: options.minutes,
    speed: options.speed,
    seed: options.seed,
    machine: `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}`,
    node: process.version,
    dataDir: root,
    passed: lines.every((l) => l.verdict !== 'FAIL'),
    figures,
    lines,
  };
}
