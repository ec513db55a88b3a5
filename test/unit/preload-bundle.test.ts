import fs from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { eventChannel, eventNames, methodChannel, methodNames } from '../../preload/contract';
import { buildPreload, contractNames, namesModule } from '../../scripts/build-preload.mjs';
import { projectRoot, tempDir } from '../helpers/service-process';

/** The budget of issue 13: the sandboxed preload is evaluated before every window's first paint. */
const MAX_BYTES = 15 * 1024;
/** Strings every bundle of zod (v3 or v4), croner or libphonenumber-js carries. */
const SCHEMA_MARKERS = [/ZodError/, /\$Zod/, /zod/i, /safeParse/, /libphonenumber/i, /croner/i];

interface Bridge {
  invoke(method: string, input: unknown): Promise<unknown>;
  on(event: string, listener: (payload: unknown) => void): () => void;
}

/** Runs a built preload as Electron does (a CommonJS function), with a stub `electron`. */
function evaluatePreload(code: string) {
  const exposed = new Map<string, unknown>();
  const listeners = new Map<string, ((event: unknown, payload: unknown) => void)[]>();
  const ipcRenderer = {
    invoke: vi.fn(async (channel: string, input: unknown) => ({ ok: true, value: { channel, input } })),
    on: (channel: string, listener: (event: unknown, payload: unknown) => void) => void listeners.set(channel, [...(listeners.get(channel) ?? []), listener]),
    removeListener: (channel: string, listener: unknown) => void listeners.set(channel, (listeners.get(channel) ?? []).filter((l) => l !== listener)),
  };
  const electron = { contextBridge: { exposeInMainWorld: (key: string, api: unknown) => void exposed.set(key, api) }, ipcRenderer };
  const required: string[] = [];
  const require = (id: string) => {
    required.push(id);
    if (id === 'electron') return electron;
    throw new Error(`a sandboxed preload cannot require ${id}`);
  };
  const module = { exports: {} };
  vm.compileFunction(code, ['require', 'module', 'exports'])(require, module, module.exports);
  const emit = (channel: string, event: unknown, payload: unknown) => (listeners.get(channel) ?? []).forEach((l) => l(event, payload));
  return { exposed, ipcRenderer, emit, required, bridge: exposed.get('companion') as Bridge };
}

/**
 * The preload carries the contract's names, not its schemas (scripts/build-preload.mjs): the names
 * are generated at build time from preload/contract.ts, so they must be exactly the contract's, and
 * the bundle must stay free of zod.
 */
describe('the preload bundle (dist/preload/index.cjs)', () => {
  let code: string;
  beforeAll(async () => {
    const outfile = path.join(tempDir('preload-build-'), 'index.cjs');
    await buildPreload({ outfile });
    code = fs.readFileSync(outfile, 'utf8');
  });

  it('generates exactly the contract’s method and event names, in its order', async () => {
    const names = await contractNames();
    expect(names.methodNames).toEqual(methodNames);
    expect(names.eventNames).toEqual(eventNames);
    const generated = namesModule(names);
    expect(generated).toContain(`export const methodNames = ${JSON.stringify(methodNames)};`);
    expect(generated).toContain(`export const eventNames = ${JSON.stringify(eventNames)};`);
  });

  it('the built preload knows every contract method and event, and nothing else', async () => {
    const { bridge, exposed, ipcRenderer, emit, required } = evaluatePreload(code);
    expect([...exposed.keys()]).toEqual(['companion']);
    expect(Object.keys(bridge).sort()).toEqual(['invoke', 'on']);
    expect(required).toEqual(['electron']);
    for (const method of methodNames) {
      await expect(bridge.invoke(method, { n: 1 })).resolves.toEqual({ ok: true, value: { channel: methodChannel(method), input: { n: 1 } } });
    }
    expect(ipcRenderer.invoke).toHaveBeenCalledTimes(methodNames.length);
    for (const unknown of ['fs.readFile', 'toString', '__proto__', 'companion:status.get']) {
      await expect(bridge.invoke(unknown, {})).resolves.toEqual({ ok: false, error: { code: 'unknown_method', message: `Unknown method: ${unknown}` } });
    }
    expect(ipcRenderer.invoke).toHaveBeenCalledTimes(methodNames.length);

    for (const event of eventNames) {
      const received: unknown[] = [];
      const off = bridge.on(event, (...args) => received.push(args));
      emit(eventChannel(event), { sender: 'secret' }, { event });
      off();
      emit(eventChannel(event), { sender: 'secret' }, { again: true });
      // Only the payload reaches the page: never the IpcRendererEvent (it carries `sender`).
      expect(received).toEqual([[{ event }]]);
    }
    expect(() => bridge.on('anything', () => undefined)).toThrow(/Unknown event: anything/);
  });

  it(`is at most ${MAX_BYTES / 1024} KB and carries no zod (nor croner or libphonenumber)`, () => {
    expect(Buffer.byteLength(code)).toBeLessThanOrEqual(MAX_BYTES);
    for (const marker of SCHEMA_MARKERS) expect(code, String(marker)).not.toMatch(marker);
    // The names are in it as literals.
    expect(code).toContain(JSON.stringify(methodNames));
  });

  it('the markers find zod in a preload that loads the contract (the check can fail)', async () => {
    const contract = await import('esbuild').then((esbuild) =>
      esbuild.build({ absWorkingDir: projectRoot, entryPoints: ['preload/contract.ts'], bundle: true, platform: 'node', format: 'cjs', minify: true, write: false, logLevel: 'silent' }),
    );
    const text = contract.outputFiles[0]!.text;
    expect(Buffer.byteLength(text)).toBeGreaterThan(MAX_BYTES);
    expect(SCHEMA_MARKERS.filter((m) => m.test(text)).length).toBeGreaterThan(0);
  });

  it('refuses to build a preload that would load the contract’s schemas', async () => {
    const dir = tempDir('preload-bad-');
    const entry = path.join(dir, 'bad-preload.ts');
    fs.writeFileSync(entry, `import { methods } from ${JSON.stringify(path.join(projectRoot, 'preload', 'contract'))};\nexport const count = Object.keys(methods).length;\n`);
    await expect(buildPreload({ entry, outfile: path.join(dir, 'bad.cjs'), logLevel: 'silent' })).rejects.toThrow(/must not load/);
  });
});
