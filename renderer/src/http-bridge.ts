import type { CompanionBridge, ContractResult, EventName } from '../../preload/contract';

const TOKEN_KEY = 'till-companion-token';

/**
 * Service-mode transport of the contract: POST /api/<method> and an SSE stream read with fetch (so
 * the token travels in the Authorization header, not in a URL that ends up in logs).
 */
/** Whether this page holds a token the service accepts: 'missing' (none in the link) and 'refused' show the link screen. */
export type AuthState = 'unknown' | 'ok' | 'missing' | 'refused';

export interface HttpBridge extends CompanionBridge {
  /** Service-mode only: the event stream connected or dropped (the UI shows it and refreshes). */
  onConnection(listener: (connected: boolean) => void): () => void;
  auth(): AuthState;
  onAuth(listener: (state: AuthState) => void): () => void;
}

export function createHttpBridge(location: Location, storage: Storage, history: History): HttpBridge {
  const fromUrl = new URLSearchParams(location.search).get('token');
  if (fromUrl) {
    storage.setItem(TOKEN_KEY, fromUrl);
    // Keep the token out of the address bar, screenshots and bookmarks.
    history.replaceState(null, '', location.pathname);
  }
  const token = storage.getItem(TOKEN_KEY) ?? '';
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const connectionListeners = new Set<(connected: boolean) => void>();
  const connection = (connected: boolean): void => connectionListeners.forEach((l) => l(connected));
  let authState: AuthState = token ? 'unknown' : 'missing';
  const authListeners = new Set<(state: AuthState) => void>();
  const setAuth = (next: AuthState): void => {
    if (authState === next) return;
    authState = next;
    if (next === 'refused') storage.removeItem(TOKEN_KEY);
    authListeners.forEach((l) => l(next));
  };

  const invoke = async (method: string, input: unknown): Promise<ContractResult<never>> => {
    try {
      const res = await fetch(`/api/${method}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
        body: JSON.stringify(input ?? {}),
      });
      // 401 comes only from the token check in front of the API: this page's link is not (or no longer) valid.
      if (res.status === 401) setAuth('refused');
      else if (authState === 'unknown') setAuth('ok');
      return (await res.json()) as ContractResult<never>;
    } catch {
      return { ok: false, error: { code: 'unavailable', message: 'The Till Companion service is not reachable.' } };
    }
  };

  const dispatch = (name: string, data: string): void => {
    const set = listeners.get(name);
    if (!set) return;
    const payload = JSON.parse(data) as unknown;
    for (const listener of set) listener(payload);
  };

  /** Reads the stream forever, reconnecting with backoff; a 'connection' event reports the state. */
  const pump = async (): Promise<void> => {
    let delay = 500;
    for (;;) {
      try {
        const res = await fetch('/api/events', { headers: { Authorization: `Bearer ${token}` } });
        if (res.status === 401) {
          // Retrying cannot help: the page needs the link with the right token.
          setAuth('refused');
          return;
        }
        if (!res.ok || !res.body) throw new Error(`events: HTTP ${res.status}`);
        connection(true);
        delay = 500;
        const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
        let buffer = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffer += value;
          let end: number;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const name = /^event: (.+)$/m.exec(block)?.[1];
            const data = /^data: (.*)$/m.exec(block)?.[1];
            if (name && data !== undefined) dispatch(name, data);
          }
        }
      } catch {
        // fall through to reconnect
      }
      connection(false);
      await new Promise((r) => setTimeout(r, delay));
      delay = Math.min(delay * 2, 10_000);
    }
  };
  if (token) void pump();

  return {
    invoke: invoke as CompanionBridge['invoke'],
    on: ((event: EventName, listener: (payload: unknown) => void) => {
      const set = listeners.get(event) ?? new Set();
      set.add(listener);
      listeners.set(event, set);
      return () => set.delete(listener);
    }) as CompanionBridge['on'],
    onConnection: (listener) => {
      connectionListeners.add(listener);
      return () => connectionListeners.delete(listener);
    },
    auth: () => authState,
    onAuth: (listener) => {
      authListeners.add(listener);
      return () => authListeners.delete(listener);
    },
  };
}

