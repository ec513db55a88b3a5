import fs from 'node:fs';
import path from 'node:path';

/** A file or folder the desktop app opens at run time, and the code that names it. */
export interface AssetReference {
  /** As written in the code: `path.join(here, '..', 'preload', 'index.cjs')`, `tray-${level}.png`. */
  reference: string;
  from: string;
  /** The app-relative files it stands for in this build; empty when it names nothing that exists. */
  files: string[];
}

// path.join(here, '..', 'preload', 'index.cjs'): a path relative to the running bundle. Every
// module of main/ is bundled into dist/main/index.js, so `here` is dist/main wherever it is written.
const BUNDLE_RELATIVE = /path\.(?:join|resolve)\(\s*(?:here|import\.meta\.dirname|__dirname)((?:\s*,\s*(['"])[^'"\n]*\2)+)\s*\)/g;
// 'assets/icon.png', `assets/tray-${level}.png`: a path from the app folder.
const APP_RELATIVE = /(['"`])((?:assets|dist)\/(?:[\w./-]|\$\{[^}]*\})+)\1/g;
// 'icon.png', `tray-${level}.png`: a file name looked up in one of the folders named as above.
const FILE_NAME = /(['"`])((?:[\w.-]|\$\{[^}]*\})+\.(?:png|ico|icns|svg|jpe?g|gif|wav|mp3|ogg|html))\1/g;
// '/sounds/ok.wav' in the renderer: a file Vite copies from renderer/public to dist/renderer.
const PUBLIC_FILE = /(['"`])\/((?:[\w.-]+\/)*[\w-]+\.(?:png|ico|svg|jpe?g|gif|wav|mp3|ogg|woff2?))\1/g;

const walk = (root: string, rel: string): string[] => {
  const full = path.join(root, rel);
  if (!fs.existsSync(full)) return [];
  if (!fs.statSync(full).isDirectory()) return [rel];
  return fs.readdirSync(full).flatMap((name) => walk(root, path.posix.join(rel, name)));
};
const sources = (root: string, dir: string, ext: RegExp): string[] => walk(root, dir).filter((f) => ext.test(f));
/** `tray-${level}.png` → /^tray-[^/]*\.png$/ */
const templatePattern = (template: string) =>
  new RegExp(`^${template.split(/\$\{[^}]*\}/).map((p) => p.replace(/[.*+?^()|[\]\\]/g, '\\$&')).join('[^/]*')}$`);
const existing = (root: string, rel: string) => (!rel.startsWith('..') && fs.existsSync(path.join(root, rel)) ? [rel] : []);

/**
 * The files the Electron app loads, found in the code that loads them (main/index.ts and
 * main/electron/, file references in the renderer and its built page), plus the whole built
 * renderer and the entry named by package.json "main". Paths are checked against the project and
 * its build.
 */
export function runtimeAssets(root: string): AssetReference[] {
  const refs: AssetReference[] = [];
  const folders: string[] = [];
  for (const from of ['main/index.ts', ...sources(root, 'main/electron', /\.ts$/)]) {
    const text = fs.readFileSync(path.join(root, from), 'utf8');
    for (const m of text.matchAll(BUNDLE_RELATIVE)) {
      const target = path.posix.normalize(path.posix.join('dist/main', ...[...m[1]!.matchAll(/(['"])([^'"\n]*)\1/g)].map((s) => s[2]!)));
      const files = existing(root, target);
      if (files.length && fs.statSync(path.join(root, target)).isDirectory()) folders.push(target);
      refs.push({ reference: m[0], from, files });
    }
    const rest = text.replace(BUNDLE_RELATIVE, '');
    for (const m of rest.matchAll(APP_RELATIVE)) {
      const pattern = templatePattern(m[2]!);
      refs.push({ reference: m[2]!, from, files: walk(root, m[2]!.split('/')[0]!).filter((f) => pattern.test(f)) });
    }
    for (const m of rest.replace(APP_RELATIVE, '').matchAll(FILE_NAME)) {
      const pattern = templatePattern(m[2]!);
      const files = folders.flatMap((dir) => walk(root, dir).filter((f) => path.posix.dirname(f) === dir && pattern.test(path.posix.basename(f))));
      refs.push({ reference: m[2]!, from, files });
    }
  }
  for (const from of sources(root, 'renderer/src', /\.tsx?$/)) {
    for (const m of fs.readFileSync(path.join(root, from), 'utf8').matchAll(PUBLIC_FILE)) {
      refs.push({ reference: `/${m[2]}`, from, files: existing(root, `dist/renderer/${m[2]}`) });
    }
  }
  const page = 'dist/renderer/index.html';
  for (const m of (fs.existsSync(path.join(root, page)) ? fs.readFileSync(path.join(root, page), 'utf8') : '').matchAll(/\b(?:src|href)="(?!https?:|data:|#)([^"]+)"/g)) {
    refs.push({ reference: m[1]!, from: page, files: existing(root, path.posix.join('dist/renderer', m[1]!)) });
  }
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { main: string };
  refs.push({ reference: '"main" in package.json', from: 'package.json', files: existing(root, pkg.main) });
  refs.push({ reference: 'the built renderer', from: 'vite.config.ts', files: walk(root, 'dist/renderer').filter((f) => !f.endsWith('.map')) });
  return refs;
}
