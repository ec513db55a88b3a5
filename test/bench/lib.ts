/** Small helpers for `npm run bench`: percentiles and a table where each figure sits beside its reference. */
export interface Row {
  figure: string;
  value: number;
  unit: string;
  reference?: { label: string; value: number };
  /** For "lower is better" figures (latency, memory) the ratio reads value/reference; else reference/value is shown as ×. */
  lowerIsBetter?: boolean;
  note?: string;
  /** The figure from each repeat (value is their median): printed as min / median / max. */
  repeats?: number[];
}

/** min, median and max of the repeats, and the median as the row's value. */
export function spread(values: number[]): { value: number; repeats: number[] } {
  const sorted = [...values].sort((a, b) => a - b);
  return { value: sorted[Math.floor((sorted.length - 1) / 2)]!, repeats: sorted };
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index]!;
}

export const hrMs = (start: bigint): number => Number(process.hrtime.bigint() - start) / 1e6;

const fmt = (n: number): string =>
  !Number.isFinite(n) ? 'n/a' : n >= 1000 ? Math.round(n).toLocaleString('en-US') : n >= 10 ? n.toFixed(1) : n.toFixed(3);

/** value ÷ reference: for throughput, 0.5 means half the reference's speed; for latency, 2.0 means twice as slow. */
export function ratio(row: Row): string {
  if (!row.reference || !Number.isFinite(row.reference.value) || row.reference.value === 0) return '';
  const r = row.value / row.reference.value;
  return `${r < 0.1 ? r.toPrecision(2) : r.toFixed(2)}×`;
}

export function printSection(title: string, rows: Row[]): void {
  const lines = rows.map((r) => [
    r.figure,
    `${fmt(r.value)} ${r.unit}`,
    r.reference ? `${r.reference.label}: ${fmt(r.reference.value)} ${r.unit}` : '—',
    ratio(r),
    r.repeats && r.repeats.length > 1 ? `${fmt(Math.min(...r.repeats))} / ${fmt(r.value)} / ${fmt(Math.max(...r.repeats))} (${r.repeats.length}×)` : '',
    r.note ?? '',
  ]);
  const header = ['figure', 'value', 'reference (same run)', 'ratio', 'min / median / max', 'note'];
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  process.stdout.write(`\n### ${title}\n\n${line(header)}\n| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |\n${lines.map(line).join('\n')}\n`);
}
