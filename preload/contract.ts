/**
 * THE contract between the UI and the core. Every method (request → response) and every pushed
 * event is declared here once, with its zod schema. Electron IPC (preload/index.ts,
 * main/electron/ipc.ts) and service-mode HTTP/SSE (main/service/) are both generated from these
 * tables, so a method added here is available on both transports and validated on both.
 *
 * The renderer may import only *types* from this file (enforced by ESLint): the runtime schemas stay
 * on the trusted side, and the UI bundle does not carry z.
 */
import { z } from 'zod';
import { eventChannelOf, methodChannelOf } from './channels';
import { Empty, type ContractResult } from './schemas/common';
import {
  PinCheckInput,
  PinUpdateInput,
  SecretsUpdateInput,
  SettingsUpdateInput,
  SettingsView,
} from './schemas/settings';
import { AppInfo, Status } from './schemas/status';
import {
  DeadLetter,
  DeadLetterAuditInput,
  DeadLetterDiscardInput,
  DeadLetterFixInput,
  DeadLetterListInput,
  DeadLetterRetryInput,
  ExportsStatus,
  SendNowInput,
} from './schemas/exports';
import { AuditEntry, AuditInput, CheckoutState, NewCheckoutInput, RedeemInput, RedemptionIdInput, RedemptionView, VoidInput } from './schemas/checkout';
import { DiagnosticsExportInput, DiagnosticsExportResult } from './schemas/diagnostics';
import { SetupChooseInput, SetupConnectInput, SetupState, SetupTestInput, SetupTestResult } from './schemas/setup';
import { ConsentInput, ConsentLogEntry, ConsentLogInput, ConsentResult, JoinInput, JoinResult, PermissionsStatus } from './schemas/permissions';
import { HistoryInput, HistorySeries, HistoryTotals } from './schemas/history';
import { PromptRespondInput, PromptStats } from './schemas/prompts';
import { PairingSaveInput, PairingStartInput, PairingState, PortList, ScannerStatus, ScanRecord, ScanSubmitInput } from './schemas/scanning';
import { Activity, ActivityInput } from './schemas/activity';

const Ok = z.object({ ok: z.literal(true) });
const Count = z.object({ count: z.number().int() });

export const methods = {
  'app.info': { input: Empty, output: AppInfo },
  'status.get': { input: Empty, output: Status },
  'settings.get': { input: Empty, output: SettingsView },
  'settings.update': { input: SettingsUpdateInput, output: SettingsView },
  'secrets.set': { input: SecretsUpdateInput, output: SettingsView },
  'manager.setPin': { input: PinUpdateInput, output: Ok },
  'manager.checkPin': { input: PinCheckInput, output: z.object({ valid: z.boolean() }) },
  // Scanning: the last 50 scans (newest first), manual/wedge input, the active scanner, pairing.
  'scans.recent': { input: Empty, output: z.array(ScanRecord) },
  'scans.submit': { input: ScanSubmitInput, output: ScanRecord.nullable() },
  'scanner.status': { input: Empty, output: ScannerStatus },
  'scanner.ports': { input: Empty, output: PortList },
  'scanner.pairing.start': { input: PairingStartInput, output: PairingState },
  'scanner.pairing.cancel': { input: Empty, output: PairingState },
  'scanner.pairing.save': { input: PairingSaveInput, output: PairingState },
  // Exports: per-type status, "send now", and the dead-letter lane (retry, fix, discard — with the PIN).
  'exports.status': { input: Empty, output: ExportsStatus },
  'exports.sendNow': { input: SendNowInput, output: Ok },
  'deadLetters.list': { input: DeadLetterListInput, output: z.object({ items: z.array(DeadLetter), total: z.number().int() }) },
  'deadLetters.retry': { input: DeadLetterRetryInput, output: Count },
  'deadLetters.discard': { input: DeadLetterDiscardInput, output: Count },
  'deadLetters.fix': { input: DeadLetterFixInput, output: Count },
  // Checkout: the current customer and benefits, redemptions (exactly once), voids, today's list.
  'checkout.get': { input: Empty, output: CheckoutState },
  'checkout.new': { input: NewCheckoutInput, output: CheckoutState },
  'checkout.redeem': { input: RedeemInput, output: RedemptionView },
  'checkout.cancel': { input: RedemptionIdInput, output: RedemptionView },
  'redemptions.void': { input: VoidInput, output: RedemptionView },
  'redemptions.today': { input: Empty, output: z.array(RedemptionView) },
  'redemptions.audit': { input: AuditInput, output: z.array(AuditEntry) },
  'redemptions.conflicts': { input: Empty, output: z.array(RedemptionView) },
  // First run: try the demo or connect to Custobar; test a connection before saving it.
  'setup.state': { input: Empty, output: SetupState },
  'setup.choose': { input: SetupChooseInput, output: SetupState },
  'setup.connect': { input: SetupConnectInput, output: SetupState },
  'setup.testConnection': { input: SetupTestInput, output: SetupTestResult },
  // Support: a zip of logs, status, settings (no secrets), outbox counts and dead letters, redacted.
  'diagnostics.export': { input: DiagnosticsExportInput, output: DiagnosticsExportResult },
  // Marketing permissions: join the loyalty programme and change consent at the till (queued through
  // the outbox), the consent log (PIN), and Custobar's permissions read back (poll now, status).
  'customers.join': { input: JoinInput, output: JoinResult },
  'customers.consent': { input: ConsentInput, output: ConsentResult },
  'customers.consentLog': { input: ConsentLogInput, output: z.array(ConsentLogEntry) },
  // The customer card's recent activity (last purchases, lifetime fields), read after the benefits.
  'customers.activity': { input: ActivityInput, output: Activity },
  'permissions.status': { input: Empty, output: PermissionsStatus },
  'permissions.pollNow': { input: Empty, output: Ok },
  'deadLetters.audit': {
    input: DeadLetterAuditInput,
    output: z.array(z.object({ at: z.string(), action: z.string(), type: z.string(), key: z.string(), reason: z.string().nullable() })),
  },
  // Manager dashboard: per-minute history (7 days) and the day's and shift's redemption totals.
  'history.series': { input: HistoryInput, output: HistorySeries },
  'history.totals': { input: Empty, output: HistoryTotals },
  // Campaign prompts: the cashier told the customer or dismissed it (an event to Custobar), and the
  // manager's per-campaign counts.
  'prompts.respond': { input: PromptRespondInput, output: CheckoutState },
  'prompts.stats': { input: Empty, output: PromptStats },
} as const;

export const events = {
  status: Status,
  settings: SettingsView,
  scan: ScanRecord,
  scanner: ScannerStatus,
  pairing: PairingState,
  exports: ExportsStatus,
  checkout: CheckoutState,
  redemption: RedemptionView,
  permissions: PermissionsStatus,
} as const;

export type Methods = typeof methods;
export type MethodName = keyof Methods;
export type EventName = keyof typeof events;
export type MethodInput<M extends MethodName> = z.input<Methods[M]['input']>;
export type MethodOutput<M extends MethodName> = z.output<Methods[M]['output']>;
export type EventPayload<E extends EventName> = z.output<(typeof events)[E]>;

/** What the core implements: one async function per method. */
export type CompanionApi = {
  [M in MethodName]: (input: z.output<Methods[M]['input']>) => Promise<MethodOutput<M>>;
};

export type { ContractResult, ContractErrorShape, ErrorCode, TextParams, Warning } from './schemas/common';
export type { Settings, SettingsPatch, SettingsView, Language, SecretName } from './schemas/settings';
export type { AppInfo, Status, ConnectionState } from './schemas/status';
export type { ScanRecord, ScannerStatus, PairingState, PortList, ScanSource, ScannerKind } from './schemas/scanning';
export type { ExportsStatus, TypeStatus, DeadLetter, ExportType } from './schemas/exports';
export type { CheckoutState, CustomerView, BenefitView, RedemptionView, PromptView } from './schemas/checkout';
export type { PromptStats } from './schemas/prompts';
export type { JoinResult, ConsentResult, ConsentLogEntry, PermissionsStatus, PermissionSource, ConsentChange } from './schemas/permissions';
export type { Profile, SetupState, SetupTestResult } from './schemas/setup';
export type { HistoryPoint, HistoryRange, HistorySeries, HistoryTotals } from './schemas/history';
export type { Activity, Purchase } from './schemas/activity';

/**
 * The bridge the renderer talks to: `window.companion` in Electron, an HTTP/SSE client in service
 * mode. Both return the result envelope instead of throwing, because errors lose their code when
 * they cross Electron's contextBridge.
 */
export interface CompanionBridge {
  invoke<M extends MethodName>(method: M, input: MethodInput<M>): Promise<ContractResult<MethodOutput<M>>>;
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
}

/**
 * IPC channel names (preload/channels.ts) and the names of the tables above, so the preload and main
 * never drift apart. The preload's bundle gets the names as literals at build time
 * (scripts/build-preload.mjs), without this file's schemas.
 */
export const methodChannel: (method: MethodName) => string = methodChannelOf;
export const eventChannel: (event: EventName) => string = eventChannelOf;
export const methodNames = Object.keys(methods) as MethodName[];
export const eventNames = Object.keys(events) as EventName[];
