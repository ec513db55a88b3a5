import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type RunningApp } from '../../main/app/start-app';
import { createMemoryLogger } from '../../main/core/logging/logger';
import { tempDir } from '../helpers/service-process';
import { serviceAppPorts, startDesktopApp } from '../helpers/app';
import { readUntil } from '../helpers/sse';

const TOKEN = 'layer-token-0123456789';

/** A request exactly as given: no fetch defaults, any Host header. */
function raw(url: string, options: { method?: string; headers?: Record<string, string>; body?: string }): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: options.method ?? 'POST', headers: options.headers, agent: false }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

/** The one start-up in service shape (HTTP transport): the same server, guard and errors for every route. */
describe('the HTTP layer (service transport)', () => {
  let app: RunningApp;
  let base: string;
  const logger = createMemoryLogger();

  beforeAll(async () => {
    const dataDir = tempDir();
    const rendererDir = tempDir();
    fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>ui</title>');
    app = await startApp({ ...serviceAppPorts(dataDir, TOKEN), ui: { kind: 'http', host: '127.0.0.1', port: 0, token: TOKEN, rendererDir }, logger });
    base = app.server!.url;
  });
  afterAll(async () => app?.stop());

  const auth = { Authorization: `Bearer ${TOKEN}` };

  it('answers 415 for any body that is not JSON, on the contract API and on ingest', async () => {
    for (const url of [`${base}/api/status.get`, `${base}/ingest/customers`]) {
      for (const type of ['text/plain', 'application/xml', 'multipart/form-data; boundary=x', 'application/x-www-form-urlencoded']) {
        const res = await raw(url, { headers: { ...auth, 'Content-Type': type }, body: '[]' });
        expect(res.status, `${url} ${type}`).toBe(415);
      }
    }
    const ingest = await raw(`${base}/ingest/customers`, { headers: { ...auth, 'Content-Type': 'text/plain' }, body: '[]' });
    expect(JSON.parse(ingest.body)).toEqual({ error: { reason: 'Unsupported Content-Type: send application/json' } });
    const contract = await raw(`${base}/api/status.get`, { headers: { ...auth, 'Content-Type': 'text/plain' }, body: '{}' });
    expect(JSON.parse(contract.body)).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });

  it('applies each route’s own body limit: 1 MB for the contract, 64 MB for ingest', async () => {
    // 2.4 MB of records, each field within the 10,000-character cap.
    const twoMb = JSON.stringify(Array.from({ length: 300 }, (_, i) => ({ external_id: `BIG-${i}`, first_name: 'x'.repeat(8000) })));
    const json = { ...auth, 'Content-Type': 'application/json' };
    expect((await raw(`${base}/api/status.get`, { headers: json, body: twoMb })).status).toBe(413);
    expect((await raw(`${base}/ingest/customers`, { headers: json, body: twoMb })).status).toBe(202);
  });

  it('guards every route: token, Origin and Host, with the route’s own error envelope', async () => {
    const json = { 'Content-Type': 'application/json' };
    const same = `Bearer ${'x'.repeat(TOKEN.length)}`;
    for (const authorization of [undefined, 'Bearer short', same, `Token ${TOKEN}`]) {
      const headers = authorization ? { ...json, Authorization: authorization } : json;
      const res = await raw(`${base}/api/status.get`, { headers, body: '{}' });
      expect(res.status, String(authorization)).toBe(401);
      expect(JSON.parse(res.body)).toEqual({ ok: false, error: { code: 'unauthorized', message: 'Missing or wrong API token' } });
    }
    const noToken = await raw(`${base}/ingest/sales`, { headers: json, body: '[]' });
    expect(noToken.status).toBe(401);
    expect(JSON.parse(noToken.body)).toEqual({ error: { reason: 'Missing or wrong API token' } });
    // A page on another origin, even holding the token, is refused; so is a rebinding Host name.
    expect((await raw(`${base}/api/status.get`, { headers: { ...json, ...auth, Origin: 'http://evil.example' }, body: '{}' })).status).toBe(403);
    expect((await raw(`${base}/api/status.get`, { headers: { ...json, ...auth, Host: 'evil.example:80' }, body: '{}' })).status).toBe(403);
    expect((await raw(`${base}/`, { method: 'GET', headers: { Host: 'rebind.example' } })).status).toBe(403);
    // The app's own origin is fine.
    expect((await raw(`${base}/api/status.get`, { headers: { ...json, ...auth, Origin: base }, body: '{}' })).status).toBe(200);
  });

  it('never sends an event outside the contract over SSE, and logs it', async () => {
    const controller = new AbortController();
    const res = await fetch(`${base}/api/events`, { headers: auth, signal: controller.signal });
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    await reader.read();
    // A bug pushing a malformed status, then a good event: only the good one arrives.
    app.companion.events.emit('status', { broken: true } as never);
    app.companion.events.emit('settings', await app.companion.api['settings.get']({}));
    const text = await readUntil(reader, 'event: settings');
    controller.abort();
    expect(text).not.toContain('broken');
    expect(logger.lines.join('\n')).toContain('event status is outside the contract');
  });
});

/** The one start-up in desktop shape (IPC transport): the shell attaches its bridge; ingest gets its own port. */
describe('the one start-up, desktop shape', () => {
  it('attaches the IPC transport, serves ingest on its own port with its own token, refuses browsers, and stops cleanly', async () => {
    const attached: string[] = [];
    const { app, port } = await startDesktopApp({ TILL_INGEST_TOKEN: 'desk-ingest-token' }, {}, (facade) => {
      attached.push(typeof facade.dispatch === 'function' ? 'attached' : 'no dispatch');
      return () => attached.push('detached');
    });
    expect(attached).toEqual(['attached']);
    expect(app.companion.context.config.mode).toBe('electron');
    expect(app.server!.port).toBe(port);
    const url = `${app.server!.url}/ingest/customers`;
    const json = { 'Content-Type': 'application/json', Authorization: 'Bearer desk-ingest-token' };
    expect((await raw(url, { headers: json, body: '[{"external_id":"D-1"}]' })).status).toBe(202);
    expect((await raw(url, { headers: { ...json, Origin: `http://127.0.0.1:${port}` }, body: '[]' })).status).toBe(403);
    // Only ingest lives on this port: no contract API, no UI.
    expect((await raw(`${app.server!.url}/api/status.get`, { headers: json, body: '{}' })).status).toBe(404);
    expect(app.companion.exports.store.counts('customers').pending).toBe(1);
    await app.stop();
    expect(attached).toEqual(['attached', 'detached']);
    await expect(raw(url, { headers: json, body: '[]' })).rejects.toThrow(/ECONNREFUSED/);
  });
});
