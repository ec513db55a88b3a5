import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { APP_URL, appResponse, isAppUrl, registerAppScheme, serveApp } from '../../../main/electron/app-protocol';
import { SERVICE_CSP } from '../../../main/http/static-files';
import { tempDir } from '../../helpers/service-process';

// A built renderer, and next to it a folder whose name starts like it: a prefix check without the
// separator would let `../renderer-private/…` through.
const base = tempDir('app-protocol-');
const root = path.join(base, 'renderer');
const get = (url: string, method = 'GET') => appResponse(root, { url, method });

beforeAll(() => {
  fs.mkdirSync(path.join(root, 'assets'), { recursive: true });
  fs.writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>Till Companion</title>');
  fs.writeFileSync(path.join(root, 'assets', 'index-abc.js'), 'console.log(1)');
  fs.writeFileSync(path.join(root, 'assets', 'index-abc.css'), 'body{}');
  fs.writeFileSync(path.join(root, 'favicon.svg'), '<svg/>');
  fs.mkdirSync(path.join(base, 'renderer-private'));
  fs.writeFileSync(path.join(base, 'renderer-private', 'secret.txt'), 'SECRET');
  fs.writeFileSync(path.join(base, 'secret.txt'), 'SECRET');
});

describe('the app:// scheme', () => {
  it('is registered as standard, secure and fetchable, and not readable cross-origin', () => {
    const calls: unknown[] = [];
    registerAppScheme({ registerSchemesAsPrivileged: (schemes) => calls.push(...schemes) });
    expect(calls).toEqual([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
  });

  it('serves index.html with the service’s strict security headers', async () => {
    const res = await get(APP_URL);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('content-security-policy')).toBe(SERVICE_CSP);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await res.text()).toContain('<title>Till Companion</title>');
    // The bare origin and a view in the fragment or query are the same page.
    expect(await (await get('app://till-companion/')).text()).toContain('Till Companion');
    expect((await get(`${APP_URL}?x=1#status`)).status).toBe(200);
  });

  it('serves assets with their MIME types', async () => {
    const cases = [
      ['assets/index-abc.js', 'text/javascript; charset=utf-8', 'console.log(1)'],
      ['assets/index-abc.css', 'text/css; charset=utf-8', 'body{}'],
      ['favicon.svg', 'image/svg+xml', '<svg/>'],
    ] as const;
    for (const [file, type, body] of cases) {
      const res = await get(`app://till-companion/${file}`);
      expect(res.status, file).toBe(200);
      expect(res.headers.get('content-type'), file).toBe(type);
      expect(res.headers.get('content-security-policy'), file).toBe(SERVICE_CSP);
      expect(await res.text(), file).toBe(body);
    }
    const head = await get(APP_URL, 'HEAD');
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });

  it('never serves a file outside the renderer folder', async () => {
    const escapes = [
      'app://till-companion/..%2fsecret.txt',
      'app://till-companion/..%2f..%2f..%2fetc%2fpasswd',
      'app://till-companion/assets/..%2f..%2frenderer-private/secret.txt',
      'app://till-companion/..%5csecret.txt',
      'app://till-companion/index.html%00.js',
    ];
    for (const url of escapes) {
      const res = await get(url);
      expect(res.status, url).toBe(403);
      expect(await res.text(), url).not.toContain('SECRET');
    }
    // Plain dot segments are resolved by the URL parser before we see them, and an encoded absolute
    // path loses its leading slash: all of them stay inside the folder.
    const inside = [
      'app://till-companion/../secret.txt',
      'app://till-companion/%2e%2e/%2e%2e/secret.txt',
      'app://till-companion/../renderer-private/secret.txt',
      `app://till-companion/${encodeURIComponent(path.join(base, 'secret.txt'))}`,
    ];
    for (const url of inside) {
      const res = await get(url);
      expect(res.status, url).toBe(404);
      expect(await res.text(), url).not.toContain('SECRET');
    }
  });

  it('answers 404 for unknown files, folders and other hosts, and refuses other methods', async () => {
    expect((await get('app://till-companion/missing.js')).status).toBe(404);
    expect((await get('app://till-companion/status')).status).toBe(404);
    expect((await get('app://till-companion/assets')).status).toBe(404);
    expect((await get('app://till-companion/index.html/x')).status).toBe(404);
    expect((await get('app://other-host/index.html')).status).toBe(404);
    expect((await get('app://till-companion/%E0%A4%A')).status).toBe(400);
    expect((await get(APP_URL, 'POST')).status).toBe(405);
    expect((await get('app://other-host/index.html')).headers.get('content-security-policy')).toBe(SERVICE_CSP);
  });

  it('hands every request of the scheme to the handler', async () => {
    const handlers = new Map<string, (request: Request) => Response | Promise<Response>>();
    serveApp({ handle: (scheme, handler) => void handlers.set(scheme, handler) }, root);
    expect([...handlers.keys()]).toEqual(['app']);
    const res = await handlers.get('app')!(new Request(APP_URL));
    expect(await res.text()).toContain('Till Companion');
  });

  it('recognises only our page as the app', () => {
    expect(isAppUrl(APP_URL)).toBe(true);
    expect(isAppUrl(`${APP_URL}#status`)).toBe(true);
    expect(isAppUrl('app://till-companion/other.html')).toBe(false);
    expect(isAppUrl('file:///opt/till/dist/renderer/index.html')).toBe(false);
    expect(isAppUrl('app://till-companion.evil/index.html')).toBe(false);
  });
});
