import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseServiceArgs } from '../../main/service/args';
import { startService, type RunningService } from '../../main/service/run-service';
import { createMemoryLogger } from '../../main/core/logging/logger';
import { api, tempDir } from '../helpers/service-process';
import { readUntil } from '../helpers/sse';

/** GET without URL normalisation, as an attacker's client would send it. */
function rawGet(base: string, rawPath: string): Promise<{ status: number; body: string }> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    http
      .get({ hostname, port, path: rawPath }, (res) => {
        let body = '';
        res.on('data', (d: Buffer) => (body += d.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      })
      .on('error', reject);
  });
}

/** Service mode in-process: real HTTP on loopback, a real settings file, a built-in UI fixture. */
describe('service mode over HTTP', () => {
  let service: RunningService;
  let rendererDir: string;
  let dataDir: string;

  beforeAll(async () => {
    rendererDir = tempDir();
    fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>ui</title>');
    fs.mkdirSync(path.join(rendererDir, 'assets'));
    fs.writeFileSync(path.join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
    dataDir = tempDir();
    service = await startService(parseServiceArgs(['--port', '0', '--data-dir', dataDir, '--api-token', 'integration-token'], {}), {
      rendererDir,
      logger: createMemoryLogger(),
      env: { TILL_CUSTOBAR_TOKEN: 'cb-token' },
    });
  });

  afterAll(async () => service?.stop());

  it('serves the UI publicly with security headers and never leaks files outside it', async () => {
    const index = await fetch(`${service.url}/?token=integration-token`);
    expect(index.status).toBe(200);
    expect(index.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(index.headers.get('referrer-policy')).toBe('no-referrer');
    expect(index.headers.get('cache-control')).toBe('no-store');
    expect((await fetch(`${service.url}/assets/app.js`)).headers.get('content-type')).toContain('javascript');
    expect((await fetch(`${service.url}/status`)).status).toBe(200);
    for (const evil of ['/..%2f..%2f..%2fetc%2fpasswd', '/../../etc/passwd', '/%E0%A4%A']) {
      const { status, body } = await rawGet(service.url, evil);
      expect(body).not.toContain('root:');
      // Either refused, or normalised to an unknown client-side path that gets the app page.
      if (status === 200) expect(body).toBe('<!doctype html><title>ui</title>');
      else expect(status, evil).toBe(400);
    }
    expect((await fetch(`${service.url}/missing.js`)).status).toBe(404);
  });

  it('runs contract methods with the token and reports secrets from the environment', async () => {
    const settings = await api<{ ok: true; value: { secrets: Record<string, boolean> } }>(service.url, 'integration-token', 'settings.get');
    expect(settings.status).toBe(200);
    expect(settings.body.value.secrets).toEqual({ custobarToken: true, benefitsToken: false, ingestToken: false, solteqClientSecret: false, permissionsSecret: false, metricsToken: false, otlpToken: false, campaignsSecret: false });
    const bad = await api(service.url, 'integration-token', 'settings.update', { patch: { general: { defaultCountry: 'FIN' } } });
    expect(bad.status).toBe(400);
    expect((await api(service.url, 'integration-token', 'no.such')).status).toBe(404);
  });

  it('answers clearly for a wrong verb, bad JSON and oversized bodies', async () => {
    expect((await fetch(`${service.url}/api/status.get`, { headers: { Authorization: 'Bearer integration-token' } })).status).toBe(405);
    const json = { Authorization: 'Bearer integration-token', 'Content-Type': 'application/json' };
    const badJson = await fetch(`${service.url}/api/status.get`, { method: 'POST', headers: json, body: '{nope' });
    expect(badJson.status).toBe(400);
    expect(await badJson.json()).toEqual({ ok: false, error: { code: 'invalid_input', message: 'Request body is not valid JSON' } });
    const huge = await fetch(`${service.url}/api/status.get`, { method: 'POST', headers: json, body: `"${'x'.repeat(2 * 1024 * 1024)}"` });
    expect(huge.status).toBe(413);
    // Only JSON is taken: a text body (what fetch sends for a bare string) is refused before any handler.
    const text = await fetch(`${service.url}/api/status.get`, { method: 'POST', headers: { Authorization: 'Bearer integration-token' }, body: '{}' });
    expect(text.status).toBe(415);
    // No body at all is a method call without input.
    expect((await fetch(`${service.url}/api/status.get`, { method: 'POST', headers: { Authorization: 'Bearer integration-token' } })).status).toBe(200);
  });

  it('pushes contract events over SSE', async () => {
    const controller = new AbortController();
    const res = await fetch(`${service.url}/api/events`, { headers: { Authorization: 'Bearer integration-token' }, signal: controller.signal });
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    await reader.read();
    await api(service.url, 'integration-token', 'settings.update', { patch: { general: { shopId: 'SSE-1' } } });
    const text = await readUntil(reader, 'SSE-1');
    expect(text).toMatch(/event: settings\ndata: \{.*"shopId":"SSE-1"/);
    controller.abort();
    expect((await fetch(`${service.url}/api/events`)).status).toBe(401);
  });

  it('persists settings to the data dir', () => {
    expect(JSON.parse(fs.readFileSync(path.join(dataDir, 'settings.json'), 'utf8')).general.shopId).toBe('SSE-1');
  });
});
