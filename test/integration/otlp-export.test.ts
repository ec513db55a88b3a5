import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startOtlpExport, type OtlpExport, type OtlpExportOptions } from '../../main/core/metrics/otlp/otlp-export';

/**
 * The OTLP push against a real loopback receiver that decodes what arrives, as a collector would:
 * metrics at /v1/metrics, warnings and errors at /v1/logs, both under the till's resource. Then the
 * collector misbehaving three ways (503, connection refused, never answering): a flush still ends
 * within its timeout, nothing throws, the log queue stays bounded, and once the receiver is back
 * what was queued arrives.
 */

type Mode = 'ok' | 'unavailable' | 'hang';

interface Received {
  path: string;
  contentType: string | undefined;
  body: Record<string, unknown>;
}

interface Receiver {
  port: number;
  url: string;
  mode: Mode;
  received: Received[];
  /** Stops listening and cuts every connection: the next request is refused. */
  close(): Promise<void>;
  /** Listens again on the same port. */
  open(): Promise<void>;
}

async function startReceiver(): Promise<Receiver> {
  const hanging = new Set<http.ServerResponse>();
  const receiver: Receiver = {
    port: 0,
    url: '',
    mode: 'ok',
    received: [],
    close: () => new Promise<void>((resolve) => {
      for (const res of hanging) res.destroy();
      hanging.clear();
      server.close(() => resolve());
      server.closeAllConnections();
    }),
    open: () => new Promise<void>((resolve) => server.listen(receiver.port, '127.0.0.1', () => resolve())),
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      if (receiver.mode === 'hang') {
        hanging.add(res);
        return;
      }
      if (receiver.mode === 'unavailable') {
        res.writeHead(503, { 'Content-Type': 'application/json' }).end('{"code":14,"message":"unavailable"}');
        return;
      }
      receiver.received.push({ path: req.url ?? '', contentType: req.headers['content-type'], body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown> });
      res.writeHead(200, { 'Content-Type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  receiver.port = (server.address() as AddressInfo).port;
  receiver.url = `http://127.0.0.1:${receiver.port}`;
  return receiver;
}

// The decoding side: OTLP JSON back into plain values.
type Attr = { key: string; value: Record<string, unknown> };
const attributes = (list: Attr[]): Record<string, unknown> => Object.fromEntries(list.map(({ key, value }) => [key, Object.values(value)[0]]));

interface DecodedLog {
  severityNumber: number;
  severityText: string;
  body: string;
  scope: string;
  attributes: Record<string, unknown>;
  resource: Record<string, unknown>;
}

function decodeLogs(received: Received[]): DecodedLog[] {
  return received
    .filter((r) => r.path === '/v1/logs')
    .flatMap((r) =>
      (r.body.resourceLogs as Array<{ resource: { attributes: Attr[] }; scopeLogs: Array<{ scope: { name: string }; logRecords: Array<{ severityNumber: number; severityText: string; body: { stringValue: string }; attributes: Attr[] }> }> }>).flatMap((rl) =>
        rl.scopeLogs.flatMap((sl) =>
          sl.logRecords.map((lr) => ({
            severityNumber: lr.severityNumber,
            severityText: lr.severityText,
            body: lr.body.stringValue,
            scope: sl.scope.name,
            attributes: attributes(lr.attributes),
            resource: attributes(rl.resource.attributes),
          })),
        ),
      ),
    );
}

const RESOURCE = { serviceVersion: '0.1.0', shopId: 'shop-42', tillId: 'till-3', mode: 'service' };
const EXPECTED_RESOURCE = { 'service.name': 'till-companion', 'service.version': '0.1.0', 'shop.id': 'shop-42', 'till.id': 'till-3', 'till.mode': 'service' };

let receiver: Receiver;
let exporters: OtlpExport[];

beforeEach(async () => {
  receiver = await startReceiver();
  exporters = [];
});

afterEach(async () => {
  receiver.mode = 'ok';
  await Promise.all(exporters.map((e) => e.stop()));
  await receiver.close();
});

function start(registry: Registry, overrides: Partial<OtlpExportOptions> = {}): OtlpExport {
  const exporter = startOtlpExport({ url: receiver.url, intervalMs: 60_000, resource: RESOURCE, collect: () => registry.getMetricsAsJSON(), timeoutMs: 1000, ...overrides });
  exporters.push(exporter);
  return exporter;
}

const warn = (message: string) => ({ level: 'warn' as const, message, time: new Date().toISOString() });

describe('OTLP export to a loopback receiver', () => {
  it('delivers the metrics to /v1/metrics as JSON under the till resource', async () => {
    const registry = new Registry();
    new Counter({ name: 'scans_total', help: 'Scans', labelNames: ['source'], registers: [registry] }).inc({ source: 'hid' }, 5);
    new Gauge({ name: 'outbox_depth', help: 'Queued', registers: [registry] }).set(7);
    const histogram = new Histogram({ name: 'lookup_seconds', help: 'Lookup', buckets: [0.1, 1], registers: [registry] });
    for (const s of [0.05, 0.5, 0.6, 3]) histogram.observe(s);

    const exporter = start(registry);
    await exporter.flush();

    expect(receiver.received.map((r) => [r.path, r.contentType])).toEqual([['/v1/metrics', 'application/json']]);
    type Points = { dataPoints: Array<Record<string, unknown>> };
    type Metric = { name: string; sum?: Points; gauge?: Points; histogram?: Points };
    const [resourceMetrics] = receiver.received[0]!.body.resourceMetrics as Array<{ resource: { attributes: Attr[] }; scopeMetrics: Array<{ scope: { name: string }; metrics: Metric[] }> }>;
    expect(attributes(resourceMetrics!.resource.attributes)).toEqual(EXPECTED_RESOURCE);
    expect(resourceMetrics!.scopeMetrics[0]!.scope.name).toBe('till-companion');
    const byName = Object.fromEntries(resourceMetrics!.scopeMetrics[0]!.metrics.map((m) => [m.name, m]));
    expect(byName.scans_total!.sum).toMatchObject({ isMonotonic: true, aggregationTemporality: 2, dataPoints: [{ asDouble: 5, attributes: [{ key: 'source', value: { stringValue: 'hid' } }] }] });
    expect(byName.outbox_depth!.gauge!.dataPoints[0]!.asDouble).toBe(7);
    expect(byName.lookup_seconds!.histogram!.dataPoints[0]).toMatchObject({ count: '4', sum: 4.15, explicitBounds: [0.1, 1], bucketCounts: ['1', '2', '1'] });
    expect(exporter.stats()).toEqual({ sent: 1, failed: 0, droppedLogs: 0, queuedLogs: 0, lastError: null });
  });

  it('delivers warnings and errors to /v1/logs', async () => {
    const exporter = start(new Registry());
    exporter.log({ level: 'warn', message: 'custobar slow', time: Date.now(), scope: 'app:custobar', attributes: { attempt: 2 } });
    exporter.log({ level: 'error', message: 'outbox stuck', time: new Date().toISOString() });
    await exporter.flush();

    // An empty registry sends no metrics request; the logs go alone.
    expect(receiver.received.map((r) => [r.path, r.contentType])).toEqual([['/v1/logs', 'application/json']]);
    expect(decodeLogs(receiver.received)).toEqual([
      { severityNumber: 13, severityText: 'WARN', body: 'custobar slow', scope: 'app:custobar', attributes: { attempt: '2' }, resource: EXPECTED_RESOURCE },
      { severityNumber: 17, severityText: 'ERROR', body: 'outbox stuck', scope: 'till-companion', attributes: {}, resource: EXPECTED_RESOURCE },
    ]);
    expect(exporter.stats().queuedLogs).toBe(0);
  });

  const outages: Array<[string, (r: Receiver) => Promise<void>, (r: Receiver) => Promise<void>]> = [
    ['answering 503', async (r) => void (r.mode = 'unavailable'), async (r) => void (r.mode = 'ok')],
    ['closed (connection refused)', (r) => r.close(), (r) => r.open()],
    ['never answering', async (r) => void (r.mode = 'hang'), async (r) => void (r.mode = 'ok')],
  ];

  for (const [name, goDown, comeBack] of outages) {
    it(`with the receiver ${name}: flushes end within the timeout, the queue stays bounded, and the queued logs arrive once it is back`, async () => {
      const registry = new Registry();
      const counter = new Counter({ name: 'scans_total', help: 'Scans', registers: [registry] });
      const problems: string[] = [];
      const TIMEOUT_MS = 300;
      const exporter = start(registry, { maxQueuedLogs: 20, timeoutMs: TIMEOUT_MS, onProblem: (m) => problems.push(m) });
      await goDown(receiver);

      for (let round = 0; round < 3; round += 1) {
        for (let i = 0; i < 10; i += 1) exporter.log(warn(`r${round}-${i}`));
        counter.inc();
        const began = performance.now();
        await expect(exporter.flush()).resolves.toBeUndefined();
        expect(performance.now() - began).toBeLessThan(TIMEOUT_MS + 500);
        expect(exporter.stats().queuedLogs).toBeLessThanOrEqual(20);
      }
      expect(exporter.stats()).toMatchObject({ sent: 0, queuedLogs: 20, droppedLogs: 10 });
      expect(exporter.stats().failed).toBeGreaterThanOrEqual(3);
      expect(exporter.stats().lastError).not.toBeNull();
      expect(problems).toHaveLength(1); // once on going down, not per attempt

      await comeBack(receiver);
      receiver.received.length = 0;
      await exporter.flush();
      // The ten oldest were dropped; the rest arrive in order, and the metrics carry the whole count.
      expect(decodeLogs(receiver.received).map((l) => l.body)).toEqual([...Array.from({ length: 10 }, (_, i) => `r1-${i}`), ...Array.from({ length: 10 }, (_, i) => `r2-${i}`)]);
      const metrics = receiver.received.find((r) => r.path === '/v1/metrics')!.body as { resourceMetrics: Array<{ scopeMetrics: Array<{ metrics: Array<{ sum: { dataPoints: Array<{ asDouble: number }> } }> }> }> };
      expect(metrics.resourceMetrics[0]!.scopeMetrics[0]!.metrics[0]!.sum.dataPoints[0]!.asDouble).toBe(3);
      expect(exporter.stats()).toMatchObject({ queuedLogs: 0, droppedLogs: 10, lastError: null });
    });
  }

  it('stop() clears the timer: no pushes after it', async () => {
    const registry = new Registry();
    new Counter({ name: 'scans_total', help: 'Scans', registers: [registry] }).inc();
    const exporter = start(registry, { intervalMs: 30 });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(receiver.received.length).toBeGreaterThanOrEqual(2);
    await exporter.stop();
    const after = receiver.received.length;
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(receiver.received.length).toBe(after);
  });

  it('stop() with a push hanging ends within timeoutMs', async () => {
    receiver.mode = 'hang';
    const exporter = start(new Registry(), { intervalMs: 20, timeoutMs: 400 });
    exporter.log(warn('at shutdown'));
    await new Promise((resolve) => setTimeout(resolve, 100)); // a push is now waiting on the receiver
    const began = performance.now();
    await exporter.stop();
    expect(performance.now() - began).toBeLessThan(400 + 300);
  });

  it('a process that stops the exporter exits by itself, even with the collector hanging', async () => {
    receiver.mode = 'hang';
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'otlp-exit-'));
    const script = path.join(dir, 'exporter.ts');
    const exporterModule = path.resolve(import.meta.dirname, '../../main/core/metrics/otlp/otlp-export.ts');
    fs.writeFileSync(
      script,
      `import { startOtlpExport } from ${JSON.stringify(exporterModule)};
const exporter = startOtlpExport({ url: ${JSON.stringify(receiver.url)}, intervalMs: 20, timeoutMs: 500,
  resource: { serviceVersion: '0', shopId: 's', tillId: 't', mode: 'service' }, collect: async () => [] });
exporter.log({ level: 'error', message: 'bye', time: Date.now() });
setTimeout(async () => { await exporter.stop(); console.log(JSON.stringify(exporter.stats())); }, 200);
`,
    );
    const tsx = path.resolve(import.meta.dirname, '../../node_modules/.bin/tsx');
    const child = spawn(tsx, [script], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const code = await new Promise<number | null>((resolve, reject) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`the process did not exit after stop():\n${out}\n${err}`));
      }, 15_000);
      child.once('exit', (c) => {
        clearTimeout(timer);
        resolve(c);
      });
    });
    fs.rmSync(dir, { recursive: true, force: true });
    expect(code, err).toBe(0);
    expect(JSON.parse(out.trim()) as Record<string, unknown>).toMatchObject({ sent: 0, queuedLogs: 1 });
  });
});
