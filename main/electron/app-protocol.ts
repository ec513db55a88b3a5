import type { Protocol } from 'electron';
import fs from 'node:fs/promises';
import { contentType, resolveInside, securityHeaders } from '../http/static-files';

/**
 * The window's page is served from `app://till-companion/`, not file:// (Electron security
 * checklist): a file:// page may read any local file its URL can name, while this scheme answers
 * only for the built renderer folder, with the same security headers as service mode.
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'till-companion';
export const APP_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

/** Our page, whatever its query or fragment (the UI keeps its view in the fragment). */
export function isAppUrl(url: string): boolean {
  return url.split('#')[0]!.split('?')[0] === APP_URL;
}

/**
 * Must run before the app is ready. standard: relative URLs and an origin of its own (so 'self' in
 * the CSP means this scheme); secure: a secure context like https; supportFetchAPI: the page may
 * fetch its own files. Not corsEnabled: other origins must not read from it.
 */
export function registerAppScheme(protocol: Pick<Protocol, 'registerSchemesAsPrivileged'>): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
}

export function serveApp(protocol: Pick<Protocol, 'handle'>, rendererDir: string): void {
  protocol.handle(APP_SCHEME, (request) => appResponse(rendererDir, request));
}

const plain = (status: number, text: string): Response =>
  new Response(text, { status, headers: { ...securityHeaders, 'Content-Type': 'text/plain; charset=utf-8' } });

/**
 * One request to the scheme. Only GET/HEAD on our host, only files inside `rendererDir`: a path
 * that would leave it (`..`, an encoded `%2e%2e%2f`, a backslash on Windows) is refused before any
 * file is touched, and an unknown file is 404 (no fallback page, so a typo cannot load the app
 * under another URL that the IPC sender check would refuse anyway).
 */
export async function appResponse(rendererDir: string, request: { url: string; method: string }): Promise<Response> {
  if (request.method !== 'GET' && request.method !== 'HEAD') return plain(405, 'Method not allowed');
  let url: URL;
  try {
    url = new URL(request.url);
  } catch {
    return plain(400, 'Bad URL');
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return plain(404, 'Not found');
  const inside = resolveInside(rendererDir, url.pathname);
  if ('refused' in inside) return inside.refused === 'undecodable' ? plain(400, 'Bad path') : plain(403, 'Forbidden');
  const { file } = inside;

  let body: Buffer;
  try {
    // Read whole (the bundle's files are small): inside an asar archive readFile is served by
    // Electron's archive layer, where streaming would first extract the file to a temp folder.
    body = await fs.readFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR') return plain(404, 'Not found');
    return plain(500, 'Could not read the file');
  }
  const headers = {
    ...securityHeaders,
    'Content-Type': contentType(file),
    // A new version of the app brings new files under the same names (index.html): never reuse old ones.
    'Cache-Control': 'no-cache',
  };
  return new Response(request.method === 'HEAD' ? null : new Uint8Array(body), { status: 200, headers });
}
