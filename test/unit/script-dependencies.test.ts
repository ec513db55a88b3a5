import fs from 'node:fs';
import { isBuiltin } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../helpers/service-process';

const pkg = JSON.parse(fs.readFileSync(path.join(projectRoot, 'package.json'), 'utf8'));
const declared = new Set([...Object.keys(pkg.dependencies), ...Object.keys(pkg.devDependencies)]);

/** 'a/b.js' → 'a', '@s/a/b' → '@s/a'. */
const packageName = (specifier: string) => specifier.split('/').slice(0, specifier.startsWith('@') ? 2 : 1).join('/');

// import … from 'x', import('x'), require('x'), require.resolve('x/…')
const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire(?:\.resolve)?\s*\(\s*)(['"])([^'"\n]+)\1/g;

function bareSpecifiers(source: string): string[] {
  return [...source.matchAll(SPECIFIER)].map((m) => m[2]!).filter((s) => !s.startsWith('.') && !s.startsWith('/') && !isBuiltin(s));
}

/**
 * A package that scripts/ uses only because something else happens to pull it in disappears when
 * that something changes: node-gyp (for `npm start`'s Electron build of better-sqlite3) came with
 * @electron/rebuild 4 and was gone with 3.7.
 */
describe('scripts/ use only packages package.json declares', () => {
  const scripts = fs.readdirSync(path.join(projectRoot, 'scripts')).filter((f) => /\.[cm]?js$/.test(f));

  it('finds the packages the scripts use', () => {
    const used = scripts.flatMap((f) => bareSpecifiers(fs.readFileSync(path.join(projectRoot, 'scripts', f), 'utf8')));
    // The scanner must see all three forms, or the next test would pass on an empty list.
    expect(used).toEqual(expect.arrayContaining(['esbuild', 'node-gyp/bin/node-gyp.js', 'electron/install.js']));
  });

  it.each(scripts)('%s', (file) => {
    const missing = bareSpecifiers(fs.readFileSync(path.join(projectRoot, 'scripts', file), 'utf8'))
      .map(packageName)
      .filter((name) => !declared.has(name));
    expect(missing).toEqual([]);
  });
});
