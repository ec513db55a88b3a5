import { ESLint } from 'eslint';
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
