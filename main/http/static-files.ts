import fs from 'node:fs';
import path from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
  '.woff2': 'font/woff2',
  '.wav': 'audio/wav',
};

/** The same policy as the Electron window, plus frame-ancestors (which a meta tag cannot set). */
export const SERVICE_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; " +
  "connect-src 'self'; media-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

export const securityHeaders: Record<string, string> = {
  'Content-Security-Policy': SERVICE_CSP,
  'X-Content-Type-Options': 'nosniff',
  // The page URL carries the API token: never send it on as a Referer.
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

export interface StaticAnswer {
  status: number;
  headers: Record<string, string>;
  body: string | NodeJS.ReadableStream;
}

/** The built renderer. Paths are resolved inside `root` only, so `/../` cannot read other files. */
export function staticFile(root: string, urlPath: string): StaticAnswer {
  const decoded = (() => {
    try {
      return decodeURIComponent(urlPath);
    } catch {
      return null;
    }
  })();
  const relative = decoded === null || decoded === '/' ? 'index.html' : decoded.replace(/^\/+/, '');
  const file = path.resolve(root, relative);
  if (decoded === null || !file.startsWith(path.resolve(root) + path.sep)) {
    return { status: 400, headers: { ...securityHeaders, 'Content-Type': 'text/plain; charset=utf-8' }, body: 'Bad path' };
  }
  let target = file;
  if (!fs.existsSync(target) || fs.statSync(target).isDirectory()) {
    // Unknown paths without an extension are client-side views: answer with the app.
    target = path.extname(relative) ? '' : path.join(root, 'index.html');
  }
  if (!target || !fs.existsSync(target)) {
    const missingUi = !fs.existsSync(path.join(root, 'index.html'));
    return {
      status: missingUi ? 503 : 404,
      headers: { ...securityHeaders, 'Content-Type': 'text/plain; charset=utf-8' },
      body: missingUi ? 'The UI is not built. Run: npm run build' : 'Not found',
    };
  }
  const isIndex = target.endsWith('index.html');
  return {
    status: 200,
    headers: {
      ...securityHeaders,
      'Content-Type': TYPES[path.extname(target)] ?? 'application/octet-stream',
      'Cache-Control': isIndex ? 'no-store' : 'public, max-age=31536000, immutable',
    },
    body: fs.createReadStream(target),
  };
}
