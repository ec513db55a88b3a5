import type { CompanionBridge, MethodInput, MethodName, MethodOutput } from '../../preload/contract';
import { createHttpBridge, type AuthState } from './http-bridge';
import { ContractError } from './contract-error';

declare global {
  interface Window {
    companion?: CompanionBridge;
  }
}

export { ContractError };

const httpBridge = window.companion ? null : createHttpBridge(window.location, window.sessionStorage, window.history);

/** `window.companion` in Electron (set by the preload); the HTTP/SSE bridge in service mode. */
export const bridge: CompanionBridge = window.companion ?? httpBridge!;

/** Service mode only: the event stream connected or dropped. In Electron the bridge is always up. */
export const onBridgeConnection = (listener: (connected: boolean) => void): (() => void) =>
  httpBridge ? httpBridge.onConnection(listener) : () => undefined;

export const isServiceMode = httpBridge !== null;

/** Service mode: does this page hold a token the service accepts? Electron needs none ('ok'). */
export const bridgeAuth = (): AuthState => httpBridge?.auth() ?? 'ok';
export const onBridgeAuth = (listener: (state: AuthState) => void): (() => void) => (httpBridge ? httpBridge.onAuth(listener) : () => undefined);

/** Calls a contract method and throws ContractError on failure. */
export async function call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
  const result = await bridge.invoke(method, input);
  if (!result.ok) throw new ContractError(result.error);
  return result.value;
}
