import { execFileSync } from 'node:child_process';
import { build } from 'esbuild';
import fs from 'node:fs';
import { isBuiltin } from 'node:module';
import path from 'node:path';

export interface RuntimeImport {
  /** The built file, relative to the app folder, e.g. dist/main/index.js. */
  file: string;
  specifier: string;
  /** How it is loaded: `import` (static or dynamic) or `require` (CommonJS semantics). */
  kind: 'import' | 'require';
  builtin: boolean;
}

/** The entry bundles the app runs: Electron main and preload, and service mode (systemd runs it). */
export function builtEntries(appDir: string): string[] {
  const walk = (dir: string): string[] =>
    fs.existsSync(dir)
      ? fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]))
      : [];
  return [
    ...walk(path.join(appDir, 'dist', 'main')).filter((f) => f.endsWith('.js')),
    ...walk(path.join(appDir, 'dist', 'preload')).filter((f) => f.endsWith('.cjs')),
    ...walk(path.join(appDir, 'dist', 'service')).filter((f) => f.endsWith('.js')),
  ].map((f) => path.relative(appDir, f));
}

// require("x") through a local `require` (createRequire) or esbuild's __require, which esbuild's
// own scan below does not count as a require.
const REQUIRE_CALL = /(?<![\w$.])(?:__require|require)(?:\.resolve)?\(\s*(["'])([^"'\s]+)\1\s*\)/g;

/**
 * Every module a built file loads by name (packages and Node built-ins): esbuild parses the bundle (static
 * imports, import() of string literals, require() of a free `require`), plus require() calls
 * through a local require function found in the text.
 */
export async function runtimeImports(appDir: string, files: string[]): Promise<RuntimeImport[]> {
  const found = new Map<string, RuntimeImport>();
  const add = (entry: Omit<RuntimeImport, 'builtin'>) => {
    if (entry.specifier.startsWith('.') || entry.specifier.startsWith('/')) return;
    found.set(`${entry.file}\0${entry.kind}\0${entry.specifier}`, { ...entry, builtin: isBuiltin(entry.specifier) });
  };
  for (const file of files) {
    const result = await build({
      entryPoints: [path.join(appDir, file)],
      bundle: true,
      write: false,
      metafile: true,
      platform: 'node',
      format: file.endsWith('.cjs') ? 'cjs' : 'esm',
      packages: 'external',
      logLevel: 'silent',
      outdir: path.join(appDir, '.scan'),
    });
    for (const input of Object.values(result.metafile.inputs)) {
      for (const imported of input.imports) {
        if (!imported.external) continue;
        add({ file, specifier: imported.path, kind: imported.kind.startsWith('require') ? 'require' : 'import' });
      }
    }
    for (const match of fs.readFileSync(path.join(appDir, file), 'utf8').matchAll(REQUIRE_CALL)) add({ file, specifier: match[2]!, kind: 'require' });
  }
  return [...found.values()];
}

// Run beside each bundle, so node_modules lookup starts where the bundle's own imports start.
const PROBE = `import fs from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
const require = createRequire(import.meta.url);
const failed = [];
for (const { specifier, kind } of JSON.parse(process.argv[2])) {
  try {
    const resolved = kind === 'require' ? require.resolve(specifier) : fileURLToPath(import.meta.resolve(specifier));
    // import.meta.resolve maps "exports" patterns without looking at the disk.
    if (!fs.existsSync(resolved)) throw Object.assign(new Error('resolves to a missing file ' + resolved), { code: 'MISSING_FILE' });
  } catch (error) {
    failed.push(specifier + ' (' + kind + '): ' + (error.code ?? String(error).split('\\n')[0]));
  }
}
process.stdout.write(JSON.stringify(failed));
`;

/** The imports that do not resolve from the app folder, as "file: specifier (kind): reason". */
export function unresolvable(appDir: string, imports: RuntimeImport[]): string[] {
  const byDir = new Map<string, RuntimeImport[]>();
  for (const i of imports) byDir.set(path.dirname(i.file), [...(byDir.get(path.dirname(i.file)) ?? []), i]);
  const failures: string[] = [];
  for (const [dir, list] of byDir) {
    const probe = path.join(appDir, dir, '.resolve-probe.mjs');
    fs.writeFileSync(probe, PROBE);
    try {
      const out = execFileSync(process.execPath, [probe, JSON.stringify(list)], { cwd: path.dirname(probe), encoding: 'utf8' });
      failures.push(...(JSON.parse(out) as string[]).map((f) => `${dir}: ${f}`));
    } finally {
      fs.rmSync(probe);
    }
  }
  return failures;
}
