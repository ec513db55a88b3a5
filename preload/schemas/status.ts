import { z } from 'zod';
import { TextParams, Warning } from './common';
import { ScannerStatus } from './scanning';
import { ExportsStatus } from './exports';
import { PermissionsStatus } from './permissions';

export const AppMode = z.enum(['electron', 'service']);

export const AppInfo = z.object({
  name: z.string(),
  version: z.string(),
  mode: AppMode,
  demo: z.boolean(),
  platform: z.string(),
  startedAt: z.string(),
  tillId: z.string(),
  shopId: z.string(),
});
export type AppInfo = z.infer<typeof AppInfo>;

export const ConnectionState = z.enum(['unconfigured', 'unknown', 'online', 'offline', 'unauthorized']);
export type ConnectionState = z.infer<typeof ConnectionState>;

export const ConnectionStatus = z.object({
  /** Where the data goes: the tenant URL, or the simulator's URL in demo mode. */
  target: z.string(),
  state: ConnectionState,
  checkedAt: z.string().nullable(),
  message: z.string().nullable(),
  /** What the message says, as a code the UI words itself (the English message is the fallback). */
  messageCode: z.string().nullable(),
  messageParams: TextParams.nullable(),
});

export const Status = z.object({
  app: AppInfo,
  custobar: ConnectionStatus,
  benefits: ConnectionStatus,
  scanner: ScannerStatus,
  exports: ExportsStatus.nullable(),
  permissions: PermissionsStatus.nullable(),
  warnings: z.array(Warning),
});
export type Status = z.infer<typeof Status>;
