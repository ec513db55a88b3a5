import { cruise } from 'dependency-cruiser';
import { ESLint } from 'eslint';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../helpers/service-process';

const eslint = new ESLint({ cwd: projectRoot });
const lint = async (file: string, code: string) => {
  const [result] = await eslint.lintText(code, { filePath: path.join(projectRoot, file) });
  return result!.messages.map((m) => m.ruleId);
};

/** The architecture rules are enforced by ESLint; these tests make sure the rules really fire. */
describe('architecture lint rules', () => {
  it('forbids importing electron under main/core', async () => {
    expect(await lint('main/core/x.ts', "import { app } from 'electron';\nexport const a = app;\n")).toContain('@typescript-eslint/no-restricted-imports');
    expect(await lint('main/electron/x.ts', "import { app } from 'electron';\nexport const a = app;\n")).not.toContain('@typescript-eslint/no-restricted-imports');
  });

  it('lets the renderer import only types from preload/contract', async () => {
    const typeOnly = "import type { Status } from '../../preload/contract';\nexport type S = Status;\n";
    const value = "import { methods } from '../../preload/contract';\nexport const m = methods;\n";
    const schemas = "import { Settings } from '../../preload/schemas/settings';\nexport const s = Settings;\n";
    expect(await lint('renderer/src/x.ts', typeOnly)).not.toContain('@typescript-eslint/no-restricted-imports');
    expect(await lint('renderer/src/x.ts', value)).toContain('@typescript-eslint/no-restricted-imports');
    expect(await lint('renderer/src/x.ts', schemas)).toContain('@typescript-eslint/no-restricted-imports');
    expect(await lint('renderer/src/x.ts', "import fs from 'node:fs';\nexport const f = fs;\n")).toContain('@typescript-eslint/no-restricted-imports');
  });
});

/**
 * The import-direction rules (.dependency-cruiser.cjs, run by `npm run lint`). Each case lays out a
 * few files that break one rule in a scratch tree shaped like the project and expects exactly that
 * rule to fire; a tree that keeps the rules must pass.
 */
describe('dependency-cruiser layering rules', () => {
  const require = createRequire(import.meta.url);
  const ruleSet = require(path.join(projectRoot, '.dependency-cruiser.cjs')) as { forbidden: unknown[]; options: Record<string, unknown> };

  async function violations(files: Record<string, string>): Promise<string[]> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'depcruise-'));
    for (const [file, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      fs.writeFileSync(path.join(dir, file), text);
    }
    const fakeModule = (name: string) => {
      fs.mkdirSync(path.join(dir, 'node_modules', name), { recursive: true });
      fs.writeFileSync(path.join(dir, 'node_modules', name, 'package.json'), JSON.stringify({ name, main: 'index.js' }));
      fs.writeFileSync(path.join(dir, 'node_modules', name, 'index.js'), 'module.exports = {};');
    };
    fakeModule('electron');
    fakeModule('fastify');
    const cwd = process.cwd();
    try {
      process.chdir(dir);
      const { tsConfig: _ignored, ...options } = ruleSet.options;
      const result = await cruise(['main'], { ...options, validate: true, ruleSet: { forbidden: ruleSet.forbidden } } as never);
      const output = result.output as { summary: { violations: { rule: { name: string } }[] } };
      return [...new Set(output.summary.violations.map((v) => v.rule.name))].sort();
    } finally {
      process.chdir(cwd);
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }

  const ok = "export const x = 1;\n";

  it('passes a tree that keeps the direction', async () => {
    expect(
      await violations({
        'main/core/common/dates.ts': ok,
        'main/core/outbox/store.ts': "import { x } from '../common/dates';\nexport const y = x;\n",
        'main/core/exports/exports.ts': "import { y } from '../outbox/store';\nexport const z = y;\n",
      }),
    ).toEqual([]);
  });

  it('fires when main/core imports electron, a shell, the simulator or the renderer', async () => {
    expect(await violations({ 'main/core/scanning/a.ts': "import 'electron';\nexport const a = 1;\n" })).toEqual(['core-stays-plain']);
    for (const target of ['main/service/cli.ts', 'main/electron/bootstrap.ts', 'main/simulator/server.ts', 'renderer/src/App.ts']) {
      const rel = path.relative('main/core/scanning', target).replace(/\.ts$/, '');
      const found = await violations({ [target]: ok, 'main/core/scanning/a.ts': `import { x } from '${rel}';\nexport const a = x;\n` });
      expect(found, target).toContain('core-stays-plain');
    }
  });

  const cases: [string, Record<string, string>, string[]][] = [
    ['an HTTP server framework under main/core', { 'main/core/exports/server.ts': "import 'fastify';\nexport const a = 1;\n" }, ['no-http-server-in-core']],
    [
      'an import cycle between capability folders, even one made of type imports',
      { 'main/core/outbox/store.ts': "import type { Z } from '../exports/types';\nexport type Y = Z;\n", 'main/core/exports/types.ts': 'export type Z = number;\n' },
      ['capability-direction'],
    ],
    [
      'common importing a capability',
      { 'main/core/common/dates.ts': "import { x } from '../scanning/gs1';\nexport const d = x;\n", 'main/core/scanning/gs1.ts': ok },
      ['capability-direction', 'common-imports-no-capability'],
    ],
    ['a capability folder missing from the ordered list', { 'main/core/newthing/a.ts': "import { x } from '../common/dates';\nexport const a = x;\n", 'main/core/common/dates.ts': ok }, ['capability-listed']],
    [
      'a module cycle anywhere in main',
      { 'main/simulator/a.ts': "import { b } from './b';\nexport const a = b;\n", 'main/simulator/b.ts': "import { a } from './a';\nexport const b = () => a;\n" },
      ['no-circular'],
    ],
  ];
  it.each(cases)('fires on %s', async (_name, files, expected) => {
    expect(await violations(files)).toEqual(expected);
  });

  it('keeps the simulator out of the product and the HTTP layer below the shells', async () => {
    expect(await violations({ 'main/simulator/server.ts': ok, 'main/http/x.ts': "import { x } from '../simulator/server';\nexport const y = x;\n" })).toEqual(
      expect.arrayContaining(['http-below-shells', 'simulator-is-tooling']),
    );
    expect(await violations({ 'main/service/cli.ts': ok, 'main/app/start.ts': "import { x } from '../service/cli';\nexport const y = x;\n" })).toEqual(['app-below-shells']);
  });
});
