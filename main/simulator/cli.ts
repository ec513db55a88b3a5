import { parseArgs } from 'node:util';
import { startSimulator } from './server';
import type { FaultPatch } from './faults';
import { MAX_SYNTHETIC_CUSTOMERS } from './seed';

const usage =
  'Usage: npm run simulator -- --port N [--host 127.0.0.1] [--token T] [--benefits-token T] [--faults JSON] [--no-seed] [--customers N]\n' +
  '         [--webhook URL --webhook-secret S [--webhook-shape items|array]] [--permission-churn MS]\n';

/** `npm run simulator -- --port N …`: see usage. */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '0' },
      host: { type: 'string', default: '127.0.0.1' },
      token: { type: 'string' },
      'benefits-token': { type: 'string' },
      faults: { type: 'string' },
      'no-seed': { type: 'boolean', default: false },
      customers: { type: 'string', default: '0' },
      webhook: { type: 'string' },
      'webhook-secret': { type: 'string' },
      'webhook-shape': { type: 'string', default: 'items' },
      'permission-churn': { type: 'string' },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(usage);
    return;
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be 0-65535, got ${values.port}`);
  const customers = Number(values.customers);
  if (!Number.isInteger(customers) || customers < 0 || customers > MAX_SYNTHETIC_CUSTOMERS) {
    throw new Error(`--customers must be 0-${MAX_SYNTHETIC_CUSTOMERS}, got ${values.customers}`);
  }
  const shape = values['webhook-shape'];
  if (shape !== 'items' && shape !== 'array') throw new Error(`--webhook-shape must be items or array, got ${shape}`);
  if (values['webhook-secret'] !== undefined && !values.webhook) throw new Error('--webhook-secret needs --webhook URL');
  const churnMs = values['permission-churn'] === undefined ? 0 : Number(values['permission-churn']);
  if (!Number.isInteger(churnMs) || churnMs < 0) throw new Error(`--permission-churn must be milliseconds, got ${values['permission-churn']}`);
  let faults: FaultPatch | undefined;
  if (values.faults) {
    try {
      faults = JSON.parse(values.faults) as FaultPatch;
    } catch {
      throw new Error('--faults must be JSON, e.g. {"uploads":{"error5xx":0.2}}');
    }
  }
  const sim = await startSimulator({
    port,
    host: values.host,
    token: values.token ?? process.env.TILL_CUSTOBAR_TOKEN ?? 'demo-token',
    benefitsToken: values['benefits-token'] ?? process.env.TILL_BENEFITS_TOKEN,
    seed: !values['no-seed'],
    faults,
    customers,
    webhook: values.webhook ? { url: values.webhook, secret: values['webhook-secret'] ?? '', shape } : null,
    log: (line) => process.stderr.write(`simulator: ${line}\n`),
  });
  if (churnMs > 0) sim.startPermissionChurn(churnMs);
  process.stdout.write(`Custobar simulator listening on ${sim.url}\n`);
  process.stderr.write(`token: ${sim.token === 'demo-token' ? 'demo-token' : '(as given)'}; faults: POST ${sim.url}/__sim/faults\n`);
  const stop = () => void sim.close().then(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`simulator: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(2);
});
