import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';

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
}

export class UsageError extends Error {}

export const usage = `Usage: npm run serve -- [options]

  --data-dir DIR        where the database, logs and settings live (default ~/.till-companion)
  --port N              port to listen on; 0 picks a free one (default 4780)
  --host HOST           address to bind (default 127.0.0.1)
  --demo                start the Custobar simulator with sample data and use it
  --config FILE         settings file (default <data-dir>/settings.json)
  --api-token T         bearer token for the API (or TILL_API_TOKEN; random when unset)
  --serial PATH[@BAUD]  use the serial scanner at PATH (e.g. /dev/ttyACM0@9600 or COM3@115200)
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
        config: { type: 'string' },
        'api-token': { type: 'string' },
        'log-level': { type: 'string', default: 'info' },
        serial: { type: 'string' },
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
  const overrides: Record<string, unknown> = {};
  if (values.serial !== undefined) overrides.scanner = { kind: 'serial', serial: parseSerialFlag(values.serial) };
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
  };
}
