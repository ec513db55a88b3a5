import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryLogger } from '../../main/core/logging/logger';
import { parseServiceArgs } from '../../main/service/args';
import { startService, type RunningService } from '../../main/service/run-service';
import { api, tempDir } from '../helpers/service-process';

type Attr = { key: string; value: { stringValue?: string } };
interface Received {
  path: string;
  authorization: string | undefined;
  body: {
    resourceMetrics?: { resource: { attributes: Attr[] }; scopeMetrics: { metrics: { name: string; gauge?: { dataPoints: { asDouble?: number; attributes: Attr[] }[] } }[] }[] }[];
    resourceLogs?: { resource: { attributes: Attr[] }; scopeLogs: { logRecords: { severityText: string; body: { stringValue: string } }[] }[] }[];
  };
}

const attrs = (list: Attr[]) => Object.fromEntries(list.map((a) => [a.key, a.value.stringValue]));

/** Service mode started with --otlp-url pushes to a loopback OTLP/HTTP receiver that decodes what arrives. */
describe('--otlp-url in service mode', () => {
  const received: Received[] = [];
  let receiver: http.Server;
  let service: RunningService;
  const TOKEN = 'otlp-service-token-01';

  beforeAll(async () => {
    receiver = http.createServer((req, res) => {
      let body = '';
      req.on('data', (d: Buffer) => (body += d.toString()));
      req.on('end', () => {
        received.push({ path: req.url ?? '', authorization: req.headers.authorization, body: JSON.parse(body) as Received['body'] });
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const dataDir = tempDir();
    const config = path.join(dataDir, 'settings.json');
    fs.writeFileSync(config, JSON.stringify({ fleet: { otlpIntervalSeconds: 5 } }));
    const rendererDir = tempDir();
    fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>ui</title>');
    const url = `http://127.0.0.1:${(receiver.address() as { port: number }).port}`;
    const args = ['--port', '0', '--data-dir', dataDir, '--config', config, '--api-token', TOKEN, '--shop-id', 'SHOP-O', '--till-id', 'TILL-O', '--otlp-url', url];
    service = await startService(parseServiceArgs(args, {}), { rendererDir, logger: createMemoryLogger() });
  }, 60_000);

  afterAll(async () => {
    await service?.stop();
    await new Promise((resolve) => receiver?.close(resolve));
  });

  it('pushes the metrics with the till on the resource, and warnings as logs', async () => {
    service.companion.exports.ingest('products', [{ external_id: 'OT-1', price: 1 }, { external_id: 'OT-2', price: 2 }], { partial: false, source: 'test' });
    service.companion.context.logger.child('test').warn('a warning the fleet should see');
    service.companion.context.logger.child('test').info('an info line stays local');
    await expect.poll(() => received.filter((r) => r.path === '/v1/logs').length, { timeout: 15_000, interval: 200 }).toBeGreaterThan(0);
    const metrics = received.find((r) => r.path === '/v1/metrics')!.body.resourceMetrics![0]!;
    expect(attrs(metrics.resource.attributes)).toMatchObject({ 'service.name': 'till-companion', 'shop.id': 'SHOP-O', 'till.id': 'TILL-O' });
    expect(attrs(metrics.resource.attributes)['service.version']).toMatch(/^\d+\.\d+\.\d+/);
    const pending = metrics.scopeMetrics.flatMap((s) => s.metrics).find((m) => m.name === 'till_outbox_pending')!;
    expect(pending.gauge!.dataPoints.find((p) => attrs(p.attributes).type === 'products')?.asDouble).toBe(2);
    const logs = received.filter((r) => r.path === '/v1/logs').flatMap((r) => r.body.resourceLogs!.flatMap((l) => l.scopeLogs.flatMap((s) => s.logRecords)));
    expect(logs.map((l) => l.body.stringValue)).toContain('a warning the fleet should see');
    expect(logs.map((l) => l.body.stringValue)).not.toContain('an info line stays local');
    expect(logs.find((l) => l.body.stringValue === 'a warning the fleet should see')!.severityText).toBe('WARN');
  });

  it('--otlp-url pins the setting for this run: a change from the UI is refused', async () => {
    const res = await api(service.url, TOKEN, 'settings.update', { patch: { fleet: { otlpUrl: '' } } });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toContain('fleet.otlpUrl');
  });

  it('a fleet sets the collector by IT policy instead (fleet.otlpUrl), and the till pushes to it with its collector token', async () => {
    const dataDir = tempDir();
    const policy = path.join(dataDir, 'policy.json');
    const url = `http://127.0.0.1:${(receiver.address() as { port: number }).port}`;
    fs.writeFileSync(policy, JSON.stringify({ settings: { fleet: { otlpUrl: url, otlpIntervalSeconds: 5 }, general: { tillId: 'TILL-POLICY' } } }));
    const rendererDir = tempDir();
    fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>ui</title>');
    const managed = await startService(parseServiceArgs(['--port', '0', '--data-dir', dataDir, '--api-token', TOKEN, '--policy', policy], {}), { rendererDir, logger: createMemoryLogger(), env: { TILL_OTLP_TOKEN: 'collector-secret' } });
    try {
      const fromPolicy = () => received.filter((r) => r.path === '/v1/metrics' && attrs(r.body.resourceMetrics![0]!.resource.attributes)['till.id'] === 'TILL-POLICY');
      await expect.poll(() => fromPolicy().length, { timeout: 15_000, interval: 200 }).toBeGreaterThan(0);
      // Its collector token (TILL_OTLP_TOKEN) goes as a bearer token, to this collector only; the first service has none.
      expect(fromPolicy()[0]!.authorization).toBe('Bearer collector-secret');
      expect(received.find((r) => attrs(r.body.resourceMetrics?.[0]?.resource.attributes ?? [])['till.id'] === 'TILL-O')?.authorization).toBeUndefined();
      const view = await api<{ value: { managed: string[] } }>(managed.url, TOKEN, 'settings.get', {});
      expect(view.body.value.managed).toContain('fleet.otlpUrl');
    } finally {
      await managed.stop();
    }
  });
});
