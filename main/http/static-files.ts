import fs from 'node:fs';
import path from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.woff2': 'font/woff2',
  '.wav': 'audio/wav',
};

/** The Content-Type of one of the renderer's files. */
export function contentType(file: string): string {
  return TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * A URL path → the file inside `root` it names, or why not: a path that would leave `root` (`..`,
 * an encoded `%2e%2e%2f`, a NUL, a backslash on Windows) or cannot be decoded. Both the service's
 * UI route and the desktop window's app:// scheme resolve through this one check.
 */
export function resolveInside(root: string, urlPath: string): { file: string; relative: string } | { refused: 'undecodable' | 'outside' } {
  let relative: string;
  try {
    relative = decodeURIComponent(urlPath).replace(/^\/+/, '') || 'index.html';
  } catch {
    return { refused: 'undecodable' };
  }
  const base = path.resolve(root);
  const file = path.resolve(base, relative);
  if (relative.includes('\0') || relative.includes('\\') || !file.startsWith(base + path.sep)) return { refused: 'outside' };
  return { file, relative };
}

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
  const inside = resolveInside(root, urlPath);
  if ('refused' in inside) {
    return { status: 400, headers: { ...securityHeaders, 'Content-Type': 'text/plain; charset=utf-8' }, body: 'Bad path' };
  }
  const { file, relative } = inside;
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
      'Content-Type': contentType(target),
      'Cache-Control': isIndex ? 'no-store' : 'public, max-age=31536000, immutable',
    },
    body: fs.createReadStream(target),
  };
}
