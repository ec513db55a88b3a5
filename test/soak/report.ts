import { percentile } from '../bench/lib';

/** One line of the soak's table: a figure, and whether it passed (info lines are not judged). */
export interface ReportLine {
  section: string;
  figure: string;
  value: string;
  verdict: 'pass' | 'FAIL' | 'info';
}

/** The numbers behind the table, for `--json` and the integration test. */
export interface SoakFigures {
  acknowledged: number;
  delivered: number;
  lost: number;
  deliveredNotAcknowledged: number;
  duplicateRecords: number;
  extraDeliveries: number;
  conflicts: number;
  invalidUploads: number;
  invalidRecords: number;
  deadLetters: number;
  beforeCustomer: number;
  ingestRefused: number;
  unsentAtPos: number;
  leftInOutbox: number;
  redeemCalls: number;
  redemptionsCommittedInApp: number;
  redemptionsAtSimulator: number;
  redemptionsMissing: number;
  redemptionsDoubled: number;
  redemptionStateMismatches: number;
  redemptionsPending: number;
  redemptionEventsExpected: number;
  redemptionEventsDelivered: number;
  committedRepliesLater: number;
  voids: number;
  scansWritten: number;
  scansShown: number;
  scansFailed: number;
  scansInterrupted: number;
  unplugs: number;
  scannerNotBack: number;
  kills: number;
  unexpectedExits: number;
  cleanExit: boolean;
  integrityOk: boolean;
  drained: boolean;
  drainMs: number;
  loopDelayP50Ms: number;
  loopDelayP99Ms: number;
  loopDelayMaxMs: number;
  loopDelayStartupMaxMs: number;
  loopDelaySamples: number;
  ingestP99Ms: number;
  rssStartMb: number;
  rssEndMb: number;
  rssPeakMb: number;
  loadAverageMean: number;
  faultsInjected: Record<string, number>;
}

export interface SoakReport {
  startedAt: string;
  minutes: number;
  speed: number;
  seed: number;
  machine: string;
  node: string;
  dataDir: string;
  passed: boolean;
  figures: SoakFigures;
  lines: ReportLine[];
}

/** Percentiles of a merged event-loop histogram: bucket b holds [b/10, (b+1)/10) ms below 100 ms, 1 ms wide above. */
export function loopPercentile(buckets: Map<number, number>, total: number, p: number): number {
  const upper = (b: number) => (b < 1000 ? (b + 1) / 10 : b - 1000 + 101);
  const rank = Math.ceil((p / 100) * total);
  let seen = 0;
  for (const b of [...buckets.keys()].sort((x, y) => x - y)) {
    seen += buckets.get(b)!;
    if (seen >= rank) return upper(b);
  }
  return Number.NaN;
}

export const ms = (n: number): string => (Number.isFinite(n) ? (n >= 100 ? `${Math.round(n).toLocaleString('en-US')} ms` : `${n.toFixed(1)} ms`) : 'n/a');
export const mb = (bytes: number): number => Math.round((bytes / 1024 / 1024) * 10) / 10;

export function p50p95(values: number[]): string {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length ? `${ms(percentile(sorted, 50))} / ${ms(percentile(sorted, 95))} (${sorted.length})` : 'none';
}

export function maxOf(values: number[]): number {
  return values.length ? Math.max(...values) : Number.NaN;
}

/** The table, grouped by section, as Markdown. */
export function formatTable(report: SoakReport): string {
  const header = ['Figure', 'Value', 'Verdict'];
  const rows = report.lines.map((l) => [`${l.section}: ${l.figure}`, l.value, l.verdict]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(header), `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`, ...rows.map(line)].join('\n');
}

/** The line the integration test (and any script) reads: the whole report as JSON. */
export const RESULT_PREFIX = 'SOAK-RESULT ';
