/**
 * `npm run soak -- --minutes N`: a busy store at 10× for N minutes against the simulator with faults
 * (see soak.ts and store.ts), then a drain with the faults off and a table of what was acknowledged,
 * delivered, duplicated, refused and redeemed. Exit code 0 when every judged line passed, 1 when
 * anything was lost, doubled or invalid, 2 for a usage error.
 */
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { formatTable, RESULT_PREFIX } from './report';
import { runSoak } from './soak';

const usage = `Usage: npm run soak -- --minutes N [options]

  --minutes N          how long the load runs (a positive number; fractions allowed, e.g. 0.5)
  --speed X            how many times a busy store's rate (default 10)
  --kill-every A[-B]   seconds between SIGKILLs of the service, drawn from A..B (default 60-90; "off")
  --unplug-every A[-B] seconds between scanner unplugs (default 40-50; "off")
  --seed N             seed for the load, the faults and the chaos (default: random, printed)
  --json FILE          also write the report as JSON to FILE
  --keep               keep the temporary directory (data dir, service log, probe files) even on a pass
  --help               show this text

Then the faults are turned off, the outbox and open redemptions drain (at most 6 minutes), and the
table is printed. The temporary directory (data dir, service log) is removed when everything passed.
`;

class UsageError extends Error {}

function positive(name: string, value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n <= 0) throw new UsageError(`--${name} must be a positive number, got "${value}"`);
  return n;
}

function range(name: string, value: string): [number, number] | null {
  if (value === 'off') return null;
  const m = /^(\d+(?:\.\d+)?)(?:-(\d+(?:\.\d+)?))?$/.exec(value);
  const lo = m ? Number(m[1]) : NaN;
  const hi = m?.[2] !== undefined ? Number(m[2]) : lo;
  if (!m || lo <= 0 || hi < lo) throw new UsageError(`--${name} must be seconds (e.g. 60 or 60-90) or "off", got "${value}"`);
  return [lo, hi];
}

function parse(argv: string[]) {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        minutes: { type: 'string' },
        speed: { type: 'string', default: '10' },
        'kill-every': { type: 'string', default: '60-90' },
        'unplug-every': { type: 'string', default: '40-50' },
        seed: { type: 'string' },
        json: { type: 'string' },
        keep: { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (values.help) return null;
  if (values.minutes === undefined) throw new UsageError('--minutes is required, e.g. --minutes 10');
  const seed = values.seed === undefined ? Math.floor(Math.random() * 2 ** 31) : Number(values.seed);
  if (!Number.isInteger(seed) || seed < 0) throw new UsageError(`--seed must be a whole number, got "${values.seed}"`);
  return {
    minutes: positive('minutes', values.minutes),
    speed: positive('speed', values.speed),
    killEvery: range('kill-every', values['kill-every']),
    unplugEvery: range('unplug-every', values['unplug-every']),
    seed,
    json: values.json,
    keep: values.keep,
  };
}

let options: ReturnType<typeof parse>;
try {
  options = parse(process.argv.slice(2));
} catch (error) {
  if (!(error instanceof UsageError)) throw error;
  process.stderr.write(`soak: ${error.message}\n\n${usage}`);
  process.exit(2);
}
if (!options) {
  process.stdout.write(usage);
  process.exit(0);
}

const report = await runSoak({ ...options, log: (line) => process.stderr.write(`${line}\n`) });
process.stdout.write(
  `Till Companion soak — ${report.startedAt} — ${report.minutes} min at ${report.speed}×, seed ${report.seed} — node ${report.node}, ${report.machine}\n\n`,
);
process.stdout.write(`${formatTable(report)}\n\n`);
process.stdout.write(`${report.passed ? 'PASS' : 'FAIL'}: ${report.lines.filter((l) => l.verdict === 'FAIL').length} of ${report.lines.filter((l) => l.verdict !== 'info').length} judged lines failed\n`);
process.stdout.write(`${RESULT_PREFIX}${JSON.stringify(report)}\n`);
if (options.json) fs.writeFileSync(options.json, JSON.stringify(report, null, 2));
if (report.passed && !options.keep) fs.rmSync(report.dataDir, { recursive: true, force: true });
else process.stderr.write(`soak: kept ${report.dataDir} (data dir, service.log, probe files)\n`);
process.exit(report.passed ? 0 : 1); // keep-alive sockets must not keep the run alive
