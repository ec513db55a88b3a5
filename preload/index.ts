/**
 * The sandboxed preload: exposes exactly the contract as `window.companion` — one IPC channel per
 * contract method and event, nothing else. No Node or Electron object reaches the page.
 * Bundled to one CommonJS file (dist/preload/index.cjs): sandboxed preloads cannot load ES modules.
 *
 * Only TYPES come from ./contract (a whole `import type`, so the bundle never loads it); the names
 * come from ./contract-names, which the build replaces with literals (scripts/build-preload.mjs), and
 * the channel names from ./channels. The preload thus carries no zod: a few KB instead of ~600 KB.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { CompanionBridge } from './contract';
import { eventChannelOf, methodChannelOf } from './channels';
import { eventNames, methodNames } from './contract-names';

const knownMethods = new Set<string>(methodNames);
const knownEvents = new Set<string>(eventNames);

export const companionBridge: CompanionBridge = {
  invoke: (method, input) => {
    if (!knownMethods.has(method)) {
      return Promise.resolve({ ok: false, error: { code: 'unknown_method', message: `Unknown method: ${String(method)}` } });
    }
    return ipcRenderer.invoke(methodChannelOf(method), input);
  },
  on: (event, listener) => {
    if (!knownEvents.has(event)) throw new Error(`Unknown event: ${String(event)}`);
    const channel = eventChannelOf(event);
    // The IpcRendererEvent is dropped on purpose: it carries `sender`, which must not reach the page.
    const wrapped = (_event: IpcRendererEvent, payload: unknown): void => listener(payload as never);
    ipcRenderer.on(channel, wrapped);
    return () => {
      ipcRenderer.removeListener(channel, wrapped);
    };
  },
};

contextBridge.exposeInMainWorld('companion', companionBridge);
