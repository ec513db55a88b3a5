import { z } from 'zod';
import { COUNTRIES, CollectorUrl, FieldName, isCardPattern, isTimeZone, JsonPath, OptionalJsonPath, OptionalServiceUrl, PollSchedule, Schedule, ServiceUrl } from './setting-values';

// The value checks other modules import from here too.
export { isLoopbackHost, JSON_PATH, PollSchedule, Schedule, scheduleProblem, serviceUrlProblem } from './setting-values';

/**
 * The one settings schema. Every field has a default so a missing or partial file still yields a
 * working configuration; `prefault({})` lets a missing section be filled from its own defaults.
 */
export const Language = z.enum(['en', 'fi', 'sv']);
export type Language = z.infer<typeof Language>;

const GeneralSettings = z.object({
  language: Language.default('en'),
  alwaysOnTop: z.boolean().default(false),
  /** Shop id sent with redemptions and as the default `sale_shop_id`. */
  shopId: z.string().max(64).default('STORE-1'),
  /** Empty means "use this machine's host name", so a fresh install already has a unique till id. */
  tillId: z.string().max(64).default(''),
  storeTimeZone: z
    .string()
    .refine(isTimeZone, { message: 'an IANA time zone such as Europe/Helsinki', params: { code: 'time_zone' } })
    .default('Europe/Helsinki'),
  defaultCountry: z
    .string()
    .refine((c) => COUNTRIES.has(c), { message: 'an ISO 3166 country code in capitals, such as FI or SE', params: { code: 'country' } })
    .default('FI'),
  /** Desktop app: start at login (installed builds only; a development run never registers itself). */
  autoStart: z.boolean().default(true),
});

const UpdateSettings = z.object({
  /** electron-updater generic feed, e.g. https://updates.example.com/till-companion/; empty = no updates. */
  feedUrl: OptionalServiceUrl.default(''),
  channel: z.string().regex(/^[a-z0-9-]{1,32}$/, 'lower-case letters, digits and -').default('latest'),
  /** Hour of day (store time) a downloaded update is installed; -1 = only when the app quits. */
  installHour: z.number().int().min(-1).max(23).default(-1),
});

const CustobarSettings = z.object({
  /** The tenant's address, e.g. https://acme.custobar.com; the app adds /api/… itself. Empty = not configured. */
  baseUrl: OptionalServiceUrl.default(''),
  authScheme: z.enum(['Token', 'Bearer']).default('Token'),
  timeoutMs: z.number().int().min(1000).max(120000).default(15000),
  requestsPerMinute: z.number().int().min(1).max(6000).default(180),
});

const OfflineAllowance = z.object({
  /** Allow redeeming this kind of benefit while the benefits service is unreachable… */
  allow: z.boolean().default(false),
  /** …at most this many per day on this till; they are queued and reconciled when the connection returns. */
  cap: z.number().int().min(0).max(1000).default(0),
});

const BenefitsSettings = z.object({
  baseUrl: OptionalServiceUrl.default(''),
  timeoutMs: z.number().int().min(500).max(60000).default(5000),
  /** The Custobar event every redemption is exported as. */
  eventType: z.string().regex(/^[A-Z0-9_]{1,64}$/, 'upper-case letters, digits and _').default('BENEFIT_REDEEMED'),
  /** Voiding a redemption asks for the manager PIN (once one is set). */
  voidNeedsPin: z.boolean().default(true),
  /** Reasons the void dialog offers (free text is always possible); empty = the app's own list in the till's language. */
  voidReasons: z.array(z.string().trim().min(3).max(300)).max(20).default([]),
  offline: z
    .object({
      percent: OfflineAllowance.prefault({}),
      amount: OfflineAllowance.prefault({}),
      item: OfflineAllowance.prefault({}),
      text: OfflineAllowance.prefault({}),
    })
    .prefault({}),
});

const CustomerSettings = z.object({
  /** Where a scanned card becomes a customer. */
  source: z.enum(['custobar', 'solteq', 'cache']).default('custobar'),
  /** Custobar customer field that holds the card id (GET /api/data/customers/?<field>=<card>). */
  cardField: z.string().regex(/^[A-Za-z][A-Za-z0-9_]*(__[A-Za-z0-9_]+)?$/, 'a Custobar field name').default('external_id'),
  lookupTimeoutMs: z.number().int().min(300).max(30000).default(3000),
  /** Customers seen in exports and lookups are kept this long for offline identification, then purged. */
  cacheTtlHours: z.number().int().min(1).max(24 * 90).default(72),
  /**
   * The customer card's recent activity (contract method customers.activity): the last purchases,
   * read from Custobar's data API on the lookup lane after the benefits, with this till's own sales
   * still in the outbox merged in, and lifetime figures Custobar holds. Cached like the customers
   * (cacheTtlHours, the same purge, forgotten customers removed at once).
   */
  activity: z
    .object({
      enabled: z.boolean().default(true),
      /** The sales field that names the customer (GET /api/data/sales/?<field>=…): sale_customer_id holds the customer's external_id, sale_phone_number the phone, sale_email the e-mail. */
      saleCustomerField: FieldName.default('sale_customer_id'),
      /** At most this many purchases, newest first. */
      purchases: z.number().int().min(1).max(50).default(5),
      /** Customer fields shown as the customer's lifetime figures, e.g. COMPANY__loyalty_level; only these are read and shown. Empty = none. */
      fields: z.array(FieldName).max(20).default([]),
      /** Sales rows per page of the data API (the activity reads at most 10 pages). */
      pageSize: z.number().int().min(1).max(10000).default(500),
    })
    .prefault({}),
  solteq: z
    .object({
      tokenUrl: ServiceUrl.default('https://login.smartretail.cloud/connect/token'),
      apiBase: ServiceUrl.default('https://api.solteqpos.com'),
      /** Path of the customer-by-identifier call; {card} is replaced by the card id (the path is not public). */
      pathTemplate: z.string().includes('{card}').default('/customer/v1-ext/customers/by-identifier/CustomerCard/{card}'),
      clientId: z.string().max(200).default(''),
      scope: z.string().max(500).default(''),
    })
    .prefault({}),
});

const hexId = z.union([z.literal(''), z.string().regex(/^(0x)?[0-9a-fA-F]{1,4}$/, 'a USB id in hex, e.g. 05e0')]);

const SerialScannerSettings = z.object({
  path: z.string().max(256).default(''),
  baudRate: z.number().int().min(300).max(4_000_000).default(9600),
  dataBits: z.union([z.literal(5), z.literal(6), z.literal(7), z.literal(8)]).default(8),
  parity: z.enum(['none', 'even', 'odd', 'mark', 'space']).default('none'),
  stopBits: z.union([z.literal(1), z.literal(1.5), z.literal(2)]).default(1),
  terminator: z.enum(['CR', 'LF', 'CRLF', 'none']).default('CR'),
  /** With terminator "none": a label ends after this much silence. */
  idleTimeoutMs: z.number().int().min(5).max(2000).default(60),
  /** Found again by these after an unplug, even if the OS gives it another path. */
  vendorId: hexId.default(''),
  productId: hexId.default(''),
});

const HidScannerSettings = z.object({
  path: z.string().max(512).default(''),
  vendorId: hexId.default(''),
  productId: hexId.default(''),
  /**
   * How the scanner lays out its reports: auto (told apart per report), aim (HID POS with an AIM
   * symbology id), no-aim (data from byte 2), vendor-62 (report id 1, 62 data bytes, no flag).
   */
  layout: z.enum(['auto', 'aim', 'no-aim', 'vendor-62']).default('auto'),
  /** Optional vendor feature report (hex bytes, first byte = report id) that switches the scanner to POS mode. */
  posModeReport: z.union([z.literal(''), z.string().regex(/^([0-9a-fA-F]{2}\s?)+$/, 'hex bytes, e.g. "fd 03 10"')]).default(''),
});

const WedgeSettings = z.object({
  enabled: z.boolean().default(true),
  /** Longest pause between two keys of one scan (scanners type 1-20 ms apart, people 80+ ms). */
  maxGapMs: z.number().int().min(5).max(200).default(40),
  minLength: z.number().int().min(1).max(64).default(6),
  prefix: z.string().max(8).default(''),
  suffix: z.enum(['Enter', 'Tab', 'none']).default('Enter'),
});

const ScannerSettings = z.object({
  kind: z.enum(['none', 'serial', 'hid', 'wedge']).default('wedge'),
  serial: SerialScannerSettings.prefault({}),
  hid: HidScannerSettings.prefault({}),
  wedge: WedgeSettings.prefault({}),
  /** The same card again within this many seconds is the same checkout. */
  sameCardWindowSec: z.number().int().min(0).max(600).default(5),
});

const CardRuleSettings = z
  .object({
    kind: z.enum(['cardu', 'regex', 'affix']).default('cardu'),
    minLength: z.number().int().min(1).max(128).default(6),
    maxLength: z.number().int().min(1).max(128).default(32),
    /** kind "regex": a pattern with a named group "card". */
    pattern: z.string().max(500).default(''),
    /** kind "affix": text the scanner adds before/after the card id. */
    prefix: z.string().max(32).default(''),
    suffix: z.string().max(32).default(''),
    /** Require a GS1 GSRN (18 digits, AI 8018) with a valid check digit. */
    gsrnCheck: z.boolean().default(false),
    /** Refuse payloads that are valid EAN-8 / EAN-13 / UPC-A product codes. */
    refuseProductCodes: z.boolean().default(true),
  })
  .refine((r) => r.minLength <= r.maxLength, { message: 'minLength must not exceed maxLength', path: ['minLength'] })
  .refine((r) => r.kind !== 'regex' || isCardPattern(r.pattern), {
    message: 'pattern must be a valid regular expression with a named group (?<card>…)',
    path: ['pattern'],
  });

const ExportSettings = z.object({
  /** Folder the POS drops customers*, products*, sales*, shops*, events* files into; empty = off. */
  inboxDir: z.string().max(1024).default(''),
  pollMs: z.number().int().min(200).max(60_000).default(1000),
  schedules: z
    .object({
      customers: Schedule.default('0 2 * * *'),
      products: Schedule.default('0 3 * * *'),
      sales: Schedule.default('0 * * * *'),
      shops: Schedule.default('0 3 * * *'),
      events: Schedule.default('continuous'),
    })
    .prefault({}),
  batchSize: z.number().int().min(1).max(500).default(500),
  /** The outbox database may use at most this much disk; a warning shows at 80 %. */
  maxDiskMb: z.number().int().min(1).max(1_000_000).default(2048),
  /** POS field names → Custobar's, renamed before checking (e.g. {"state": "province"}). */
  fieldMap: z.record(z.string().min(1).max(64), z.string().regex(/^[A-Za-z][A-Za-z0-9_.]*$/, 'a Custobar field name')).default({}),
  /** A field Custobar does not document: dropped with a warning, or the whole record refused. */
  unknownFields: z.enum(['drop', 'refuse']).default('drop'),
  /**
   * A customer Custobar refused (a failed record) holds the sales and events that name it for this
   * long, so a quick fix keeps them in order; then they go without it. 0 = they never wait for it.
   */
  failedCustomerWaitMinutes: z.number().int().min(0).max(7 * 24 * 60).default(60),
  /** Electron app: loopback port of the ingest API (service mode serves it on its own port). 0 = off. */
  ingestPort: z.number().int().min(0).max(65535).default(4781),
});

const PermissionSettings = z.object({
  /** When Custobar's marketing permissions are read back (every 15 minutes by default). */
  schedule: PollSchedule.default('*/15 * * * *'),
  /** Customers per page of the data API (Custobar allows up to 10,000). */
  pageSize: z.number().int().min(1).max(10000).default(1000),
  /** Folder that receives a permissions-<UTC time>.jsonl file per batch of changes, for the POS; "" = off. */
  outDir: z.string().max(1024).default(''),
  /** The Custobar event a join at the till sends, for the company's welcome automation. */
  joinEventType: z.string().regex(/^[A-Z0-9_]{1,64}$/, 'upper-case letters, digits and _').default('LOYALTY_JOIN'),
  /**
   * What the customer is told when asked for consent. Empty texts show the app's own wording in the
   * till's language; whoever changes a text gives it a new version, which every consent record keeps.
   */
  consentText: z
    .object({
      version: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'letters, digits, dot, dash and _').default('till-1'),
      sms: z.string().max(500).default(''),
      email: z.string().max(500).default(''),
    })
    .prefault({}),
  /**
   * After a consent changed at this till is delivered, Custobar's import runs on its own time: for
   * this long an older Custobar state does not overwrite it (unless Custobar shows the same value).
   */
  holdMinutes: z.number().int().min(0).max(7 * 24 * 60).default(60),
});

const FleetSettings = z.object({
  /**
   * OpenTelemetry collector (OTLP/HTTP) the till pushes its metrics and warning/error log lines to,
   * for tills a scraper cannot reach; /v1/metrics and /v1/logs are added. Empty = off.
   */
  otlpUrl: CollectorUrl.default(''),
  otlpIntervalSeconds: z.number().int().min(5).max(3600).default(60),
  /**
   * Desktop app: where its ingest port (and so GET /metrics, with the metrics token) listens. 'lan'
   * lets the store's Prometheus scrape it; the ingest API then answers on the LAN too, still only
   * with its own token.
   */
  metricsBind: z.enum(['loopback', 'lan']).default('loopback'),
});

const CampaignMapping = z
  .object({
    /** The list of prompts in the body ("$" = the body itself is the list). */
    items: JsonPath.default('$.items'),
    /** In each item: the customer, by one of these (at least one path set). */
    externalId: OptionalJsonPath.default('$.customer.external_id'),
    phoneNumber: OptionalJsonPath.default('$.customer.phone_number'),
    email: OptionalJsonPath.default('$.customer.email'),
    campaignId: JsonPath.default('$.campaign_id'),
    message: JsonPath.default('$.message'),
    validUntil: OptionalJsonPath.default('$.valid_until'),
  })
  .refine((m) => m.externalId !== '' || m.phoneNumber !== '' || m.email !== '', { message: 'set the path of at least one of externalId, phoneNumber or email', path: ['externalId'] });

const CampaignSettings = z.object({
  /** Custobar lets each tenant shape the push body: where each field is in it. */
  mapping: CampaignMapping.prefault({}),
  /** The Custobar event sent when the cashier told the customer. */
  shownEventType: z.string().regex(/^[A-Z0-9_]{1,64}$/, 'upper-case letters, digits and _').default('TILL_PROMPT_SHOWN'),
  /** The Custobar event sent when the cashier dismissed the prompt. */
  dismissedEventType: z.string().regex(/^[A-Z0-9_]{1,64}$/, 'upper-case letters, digits and _').default('TILL_PROMPT_DISMISSED'),
  /**
   * For tills Custobar cannot push to: an address answering GET with the same body as the webhook's,
   * read on pullSchedule (with the campaigns secret as a bearer token when set). Empty = off.
   */
  pullUrl: OptionalServiceUrl.default(''),
  pullSchedule: PollSchedule.default('off'),
});

const ManagerSettings = z.object({
  /** scrypt hash "salt:hash" in hex; empty = no PIN set yet (first run). */
  pinHash: z.string().default(''),
});

export const Settings = z.object({
  general: GeneralSettings.prefault({}),
  custobar: CustobarSettings.prefault({}),
  benefits: BenefitsSettings.prefault({}),
  customers: CustomerSettings.prefault({}),
  scanner: ScannerSettings.prefault({}),
  cardRule: CardRuleSettings.prefault({}),
  exports: ExportSettings.prefault({}),
  updates: UpdateSettings.prefault({}),
  permissions: PermissionSettings.prefault({}),
  fleet: FleetSettings.prefault({}),
  campaigns: CampaignSettings.prefault({}),
  manager: ManagerSettings.prefault({}),
});
export type Settings = z.infer<typeof Settings>;

export type DeepPartial<T> = T extends object ? { [K in keyof T]?: DeepPartial<T[K]> } : T;
export type SettingsPatch = DeepPartial<Omit<Settings, 'manager'>>;

/** Names of the secrets kept in secure storage (never in the settings file). */
export const SecretName = z.enum(['custobarToken', 'benefitsToken', 'ingestToken', 'solteqClientSecret', 'permissionsSecret', 'metricsToken', 'otlpToken', 'campaignsSecret']);
export type SecretName = z.infer<typeof SecretName>;

/** What the UI sees: settings (PIN hash removed), which secrets are set, and what is pinned by the command line. */
export const SettingsView = z.object({
  settings: Settings.omit({ manager: true }),
  pinSet: z.boolean(),
  secrets: z.record(SecretName, z.boolean()),
  /** Dotted paths fixed by command-line flags, demo mode or the IT policy; the UI shows them read-only. */
  locked: z.array(z.string()),
  /** The subset of `locked` set by the machine-wide IT policy: the UI says "managed by IT". */
  managed: z.array(z.string()),
});
export type SettingsView = z.infer<typeof SettingsView>;

export const SettingsUpdateInput = z.strictObject({
  patch: z.record(z.string(), z.unknown()),
  pin: z.string().max(32).optional(),
});

export const SecretsUpdateInput = z.strictObject({
  name: SecretName,
  /** Empty string removes the secret. */
  value: z.string().max(4096),
  pin: z.string().max(32).optional(),
});

export const PinUpdateInput = z.strictObject({
  currentPin: z.string().max(32).optional(),
  newPin: z.string().regex(/^\d{4,8}$/, 'The PIN is 4 to 8 digits'),
});

export const PinCheckInput = z.strictObject({ pin: z.string().max(32) });
