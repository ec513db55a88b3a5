/**
 * The sandboxed preload: exposes exactly the contract as `window.companion` — one IPC channel per
 * contract method and event, nothing else. No Node or Electron object reaches the page.
 * Bundled to one CommonJS file (dist/preload/index.cjs): sandboxed preloads cannot load ES modules.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { eventChannel, eventNames, methodChannel, methodNames, type CompanionBridge, type EventName, type MethodName } from './contract';

const knownMethods = new Set<string>(methodNames);
const knownEvents = new Set<string>(eventNames);

export const companionBridge: CompanionBridge = {
  invoke: (method, input) => {
    if (!knownMethods.has(method)) {
      return Promise.resolve({ ok: false, error: { code: 'unknown_method', message: `Unknown method: ${String(method)}` } });
    }
    return ipcRenderer.invoke(methodChannel(method as MethodName), input);
  },
  on: (event, listener) => {
    if (!knownEvents.has(event)) throw new Error(`Unknown event: ${String(event)}`);
    const channel = eventChannel(event as EventName);
    // The IpcRendererEvent is dropped on purpose: it carries `sender`, which must not reach the page.
    const wrapped = (_event: IpcRendererEvent, payload: unknown): void => listener(payload as never);
    ipcRenderer.on(channel, wrapped);
    return () => {
      ipcRenderer.removeListener(channel, wrapped);
    };
  },
};

contextBridge.exposeInMainWorld('companion', companionBridge);
