/**
 * IPC channel names: one per contract method and one per pushed event. Zod-free on purpose: the
 * sandboxed preload imports this file, and its bundle must not carry the contract's schemas.
 * preload/contract.ts re-exports these typed by its method and event names.
 */
export const methodChannelOf = (method: string): string => `companion:${method}`;
export const eventChannelOf = (event: string): string => `companion:event:${event}`;
