/**
 * Runs IN THE PAGE (bundled by the harness as an IIFE into the window's init script, before any page
 * script): what a sandboxed preload gets from `require('electron')` — contextBridge and ipcRenderer —
 * backed by one Playwright binding that carries calls to the harness, and so to the main process.
 *
 * Not Electron's isolation: the preload and the page share one JavaScript world here, and the page
 * could reach the binding itself. The sender check in the main process does not rely on either.
 */

type Listener = (event: unknown, ...args: unknown[]) => void;
type BindingReply = { ok: true; value: unknown } | { ok: false; message: string };
type Binding = (message: { kind: 'invoke' | 'send'; channel: string; args: unknown[] }) => Promise<BindingReply>;

const page = globalThis as unknown as Record<string, unknown>;

export function createRendererElectron(bindingName: string, deliverName: string) {
  const listeners = new Map<string, Listener[]>();
  const binding = (): Binding => {
    const fn = page[bindingName];
    if (typeof fn !== 'function') throw new Error('electron stand-in: the IPC binding is missing in this page');
    return fn as Binding;
  };

  const ipcRenderer = {
    async invoke(channel: string, ...args: unknown[]): Promise<unknown> {
      const answer = await binding()({ kind: 'invoke', channel, args });
      if (answer.ok) return answer.value;
      throw new Error(answer.message);
    },
    send(channel: string, ...args: unknown[]): void {
      void binding()({ kind: 'send', channel, args });
    },
    sendSync(channel: string): never {
      throw new Error(`electron stand-in: ipcRenderer.sendSync('${channel}') is not supported`);
    },
    on(channel: string, listener: Listener) {
      listeners.set(channel, [...(listeners.get(channel) ?? []), listener]);
      return ipcRenderer;
    },
    once(channel: string, listener: Listener) {
      const wrapped: Listener = (event, ...args) => {
        ipcRenderer.removeListener(channel, wrapped);
        listener(event, ...args);
      };
      return ipcRenderer.on(channel, wrapped);
    },
    removeListener(channel: string, listener: Listener) {
      const rest = (listeners.get(channel) ?? []).filter((l) => l !== listener);
      if (rest.length) listeners.set(channel, rest);
      else listeners.delete(channel);
      return ipcRenderer;
    },
    off(channel: string, listener: Listener) {
      return ipcRenderer.removeListener(channel, listener);
    },
    removeAllListeners(channel?: string) {
      if (channel === undefined) listeners.clear();
      else listeners.delete(channel);
      return ipcRenderer;
    },
    listenerCount(channel: string): number {
      return listeners.get(channel)?.length ?? 0;
    },
  };

  // webContents.send arrives here (the harness evaluates this in the page).
  Object.defineProperty(page, deliverName, {
    enumerable: false,
    value: (channel: string, args: unknown[]): number => {
      const event = { sender: ipcRenderer, senderId: 0, ports: [] };
      const current = listeners.get(channel) ?? [];
      for (const listener of current) listener(event, ...args);
      return current.length;
    },
  });

  const contextBridge = {
    /** Electron copies the API into the main world and freezes it; a key can be exposed once. */
    exposeInMainWorld(key: string, api: Record<string, unknown>): void {
      if (key in page) throw new Error(`Cannot bind an API on top of an existing property on the window object: ${key}`);
      Object.defineProperty(page, key, { value: Object.freeze({ ...api }), writable: false, configurable: false, enumerable: true });
    },
  };

  const webFrame = {
    setZoomFactor: (_factor: number): void => {},
    getZoomFactor: (): number => 1,
  };

  return { contextBridge, ipcRenderer, webFrame };
}
