/** Small helpers for `npm run bench`: percentiles and a table where each figure sits beside its reference. */
export interface Row {
  figure: string;
  value: number;
  unit: string;
  reference?: { label: string; value: number; /** The reference from each repeat (value is their median). */ repeats?: number[] };
  /** For "lower is better" figures (latency, memory) the ratio reads value/reference; else reference/value is shown as ×. */
  lowerIsBetter?: boolean;
  note?: string;
  /** The figure from each repeat (value is their median): printed as min / median / max. */
  repeats?: number[];
  /** value ÷ reference of each repeat (paired, as measured one after the other): printed as min / median / max beside the ratio. */
  ratios?: number[];
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
  const x = (n: number) => `${n < 0.1 ? n.toPrecision(2) : n.toFixed(2)}×`;
  const each = row.ratios && row.ratios.length > 1 ? ` (runs: ${row.ratios.map(x).join(' / ')})` : '';
  return `${x(r)}${each}`;
}

const minMedianMax = (repeats: number[] | undefined, median: number): string =>
  repeats && repeats.length > 1 ? `${fmt(Math.min(...repeats))} / ${fmt(median)} / ${fmt(Math.max(...repeats))} (${repeats.length}×)` : '';

/** A throughput or latency row from repeated runs of the figure and of its reference: medians, and each one's min / median / max. */
export function repeatedRow(figure: string, unit: string, values: number[], reference: { label: string; values: number[] }, extra: Pick<Row, 'lowerIsBetter' | 'note'> = {}): Row {
  const v = spread(values);
  const r = spread(reference.values);
  const ratios = values.length === reference.values.length ? spread(values.map((x, i) => x / reference.values[i]!)).repeats : undefined;
  return { figure, unit, value: v.value, repeats: v.repeats, reference: { label: reference.label, value: r.value, repeats: r.repeats }, ...(ratios ? { ratios } : {}), ...extra };
}

export function printSection(title: string, rows: Row[]): void {
  const lines = rows.map((r) => [
    r.figure,
    `${fmt(r.value)} ${r.unit}`,
    r.reference ? `${r.reference.label}: ${fmt(r.reference.value)} ${r.unit}` : '—',
    ratio(r),
    minMedianMax(r.repeats, r.value),
    minMedianMax(r.reference?.repeats, r.reference?.value ?? Number.NaN),
    r.note ?? '',
  ]);
  const header = ['figure', 'value', 'reference (same run)', 'ratio', 'min / median / max', 'reference min / median / max', 'note'];
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  process.stdout.write(`\n### ${title}\n\n${line(header)}\n| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |\n${lines.map(line).join('\n')}\n`);
}
