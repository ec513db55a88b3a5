import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { PollSchedule, scheduleProblem } from '../../preload/schemas/settings';

export interface ServiceOptions {
  dataDir: string;
  port: number;
  host: string;
  demo: boolean;
  /** Settings file; defaults to <data-dir>/settings.json. */
  configFile: string;
  /** Bearer token for the API; generated when not given. */
  apiToken: string | undefined;
  /** Settings fixed by flags (e.g. --custobar-url), applied over the settings file and never saved. */
  overrides: Record<string, unknown>;
  logLevel: 'debug' | 'info' | 'warn' | 'error';
  help: boolean;
  /** --demo without the stream of demo sales (tests that count records exactly). */
  noDemoFeed: boolean;
  /** Machine-wide IT policy file (--policy or TILL_POLICY_FILE); its settings are enforced and locked. */
  policyFile: string | undefined;
}

export class UsageError extends Error {}

export const usage = `Usage: npm run serve -- [options]

  --data-dir DIR        where the database, logs and settings live (default ~/.till-companion)
  --port N              port to listen on; 0 picks a free one (default 4780)
  --host HOST           address to bind (default 127.0.0.1)
  --demo                start the Custobar simulator with sample data and use it
  --no-demo-feed        in demo mode, do not stream sample sales into the ingest API
  --config FILE         settings file (default <data-dir>/settings.json)
  --policy FILE         IT policy {"settings": {…}}: enforced, read-only settings (or TILL_POLICY_FILE)
  --api-token T         bearer token for the API (or TILL_API_TOKEN; when unset, one generated once and kept in DIR/api-token)
  --serial PATH[@BAUD]  use the serial scanner at PATH (e.g. /dev/ttyACM0@9600 or COM3@115200)
  --custobar-url URL    the Custobar tenant, e.g. https://acme.custobar.com (token: TILL_CUSTOBAR_TOKEN)
  --custobar-auth A     token | bearer: the Authorization scheme (default token)
  --inbox DIR           folder the POS drops export files into
  --customer-source S   custobar | solteq | cache: where a card becomes a customer
  --card-field NAME     the Custobar customer field holding the card id (default external_id)
  --benefits-url URL    the benefits service (token: TILL_BENEFITS_TOKEN)
  --shop-id ID          shop id sent with redemptions (default STORE-1)
  --till-id ID          till id sent with redemptions (default: this computer's name)
  --schedule T=WHEN     when to send type T (customers, products, sales, shops, events or all):
                        "continuous" or a cron expression; repeatable, e.g. --schedule all=continuous.
                        permissions=CRON: when to read Custobar's marketing permissions back
                        (default every 15 minutes; 6 fields = with seconds, e.g. "*/5 * * * * *"; or off)
  --permissions-out DIR folder that receives permissions-<UTC time>.jsonl per batch of changes
                        (Custobar's webhook secret: TILL_PERMISSIONS_SECRET)
                        (Custobar's push campaigns: POST /webhooks/campaigns, secret TILL_CAMPAIGNS_SECRET)
  --otlp-url URL        push metrics and warning/error log lines to this OpenTelemetry collector
                        (OTLP/HTTP, e.g. http://collector:4318; /v1/metrics and /v1/logs are added)
                        GET /metrics on this port is always on, with the API token
  --log-level LEVEL     debug | info | warn | error (default info)
  --help                show this text
`;

function parsePort(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535) throw new UsageError(`--port must be a number from 0 to 65535, got "${value}"`);
  return port;
}

/** "--serial /dev/ttyUSB0@115200" → { path, baudRate }. */
export function parseSerialFlag(value: string): { path: string; baudRate?: number } {
  const at = value.lastIndexOf('@');
  const path = at > 0 ? value.slice(0, at) : value;
  const baud = at > 0 ? value.slice(at + 1) : '';
  if (!path) throw new UsageError('--serial needs a port path, e.g. --serial /dev/ttyACM0@9600');
  if (at > 0 && !/^\d{3,7}$/.test(baud)) throw new UsageError(`--serial: "${baud}" is not a baud rate (e.g. 9600)`);
  return at > 0 ? { path, baudRate: Number(baud) } : { path };
}

function parseCollectorUrl(value: string): string {
  const url = URL.canParse(value) ? new URL(value) : null;
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) throw new UsageError(`--otlp-url must be an http(s) address such as http://collector:4318, got "${value}"`);
  return value.replace(/\/+$/, '');
}

const TYPES = ['customers', 'products', 'sales', 'shops', 'events'];

/** "--schedule permissions=CRON" → the poll schedule, checked exactly like the setting. */
function parsePermissionSchedule(flag: string): string {
  const when = flag.slice(flag.indexOf('=') + 1).trim();
  const checked = PollSchedule.safeParse(when);
  if (!checked.success) throw new UsageError(`--schedule ${flag}: ${checked.error.issues[0]?.message}; use a cron expression such as "*/15 * * * *" or "off"`);
  return checked.data;
}

const isPermissionsFlag = (flag: string): boolean => flag.slice(0, flag.indexOf('=')).trim() === 'permissions';

// ["all=continuous", "sales=0 * * * *"] → { customers: "continuous", …, sales: "0 * * * *" }; later flags win.
export function parseSchedules(flags: readonly string[]): Record<string, string> {
  const schedules: Record<string, string> = {};
  for (const flag of flags) {
    const eq = flag.indexOf('=');
    const type = eq > 0 ? flag.slice(0, eq).trim() : '';
    const when = flag.slice(eq + 1).trim();
    if (type !== 'all' && !TYPES.includes(type)) throw new UsageError(`--schedule ${flag}: the type must be ${TYPES.join(', ')}, all or permissions`);
    // The settings schema's own check (croner itself), so a flag is refused exactly when a setting would be.
    const problem = scheduleProblem(when);
    if (problem) throw new UsageError(`--schedule ${flag}: ${problem}; use "continuous" or a cron expression such as "0 * * * *"`);
    for (const t of type === 'all' ? TYPES : [type]) schedules[t] = when;
  }
  return schedules;
}

/** Turns argv into options. Every problem is a UsageError with a message that says what to fix. */
export function parseServiceArgs(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): ServiceOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        'data-dir': { type: 'string' },
        port: { type: 'string', default: '4780' },
        host: { type: 'string', default: '127.0.0.1' },
        demo: { type: 'boolean', default: false },
        'no-demo-feed': { type: 'boolean', default: false },
        config: { type: 'string' },
        policy: { type: 'string' },
        'api-token': { type: 'string' },
        'log-level': { type: 'string', default: 'info' },
        serial: { type: 'string' },
        'custobar-url': { type: 'string' },
        'custobar-auth': { type: 'string' },
        inbox: { type: 'string' },
        schedule: { type: 'string', multiple: true },
        'customer-source': { type: 'string' },
        'card-field': { type: 'string' },
        'benefits-url': { type: 'string' },
        'shop-id': { type: 'string' },
        'till-id': { type: 'string' },
        'permissions-out': { type: 'string' },
        'otlp-url': { type: 'string' },
        help: { type: 'boolean', default: false },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const dataDir = path.resolve(values['data-dir'] ?? path.join(os.homedir(), '.till-companion'));
  const logLevel = values['log-level'];
  if (!['debug', 'info', 'warn', 'error'].includes(logLevel)) throw new UsageError(`--log-level must be debug, info, warn or error`);
  const apiToken = values['api-token'] ?? env.TILL_API_TOKEN ?? undefined;
  if (apiToken !== undefined && apiToken.length < 8) throw new UsageError('The API token must be at least 8 characters');
  const policyFile = values.policy ?? (env.TILL_POLICY_FILE || undefined);
  const overrides: Record<string, unknown> = {};
  if (values.serial !== undefined) overrides.scanner = { kind: 'serial', serial: parseSerialFlag(values.serial) };
  const custobar: Record<string, unknown> = {};
  if (values['custobar-url'] !== undefined) custobar.baseUrl = values['custobar-url'].replace(/\/+$/, '').replace(/\/api$/, '');
  if (values['custobar-auth'] !== undefined) {
    const scheme = values['custobar-auth'].toLowerCase();
    if (scheme !== 'token' && scheme !== 'bearer') throw new UsageError('--custobar-auth must be token or bearer');
    custobar.authScheme = scheme === 'token' ? 'Token' : 'Bearer';
  }
  if (Object.keys(custobar).length) overrides.custobar = custobar;
  const exportsOverrides: Record<string, unknown> = {};
  if (values.inbox !== undefined) exportsOverrides.inboxDir = path.resolve(values.inbox);
  const exportSchedules = (values.schedule ?? []).filter((f) => !isPermissionsFlag(f));
  if (exportSchedules.length) exportsOverrides.schedules = parseSchedules(exportSchedules);
  const permissions: Record<string, unknown> = {};
  for (const flag of (values.schedule ?? []).filter(isPermissionsFlag)) permissions.schedule = parsePermissionSchedule(flag);
  if (values['permissions-out'] !== undefined) permissions.outDir = path.resolve(values['permissions-out']);
  if (Object.keys(permissions).length) overrides.permissions = permissions;
  if (Object.keys(exportsOverrides).length) overrides.exports = exportsOverrides;
  const customers: Record<string, unknown> = {};
  if (values['customer-source'] !== undefined) {
    if (!['custobar', 'solteq', 'cache'].includes(values['customer-source'])) throw new UsageError('--customer-source must be custobar, solteq or cache');
    customers.source = values['customer-source'];
  }
  if (values['card-field'] !== undefined) customers.cardField = values['card-field'];
  if (Object.keys(customers).length) overrides.customers = customers;
  if (values['benefits-url'] !== undefined) overrides.benefits = { baseUrl: values['benefits-url'].replace(/\/+$/, '') };
  const general: Record<string, unknown> = {};
  if (values['shop-id'] !== undefined) general.shopId = values['shop-id'];
  if (values['till-id'] !== undefined) general.tillId = values['till-id'];
  if (Object.keys(general).length) overrides.general = general;
  if (values['otlp-url'] !== undefined) overrides.fleet = { otlpUrl: parseCollectorUrl(values['otlp-url']) };
  return {
    dataDir,
    port: parsePort(values.port),
    host: values.host,
    demo: values.demo,
    configFile: path.resolve(values.config ?? path.join(dataDir, 'settings.json')),
    apiToken,
    overrides,
    logLevel: logLevel as ServiceOptions['logLevel'],
    help: values.help,
    noDemoFeed: values['no-demo-feed'],
    policyFile: policyFile ? path.resolve(policyFile) : undefined,
  };
}
