/**
 * prom-client's registry.getMetricsAsJSON() → an OTLP ExportMetricsServiceRequest (JSON mapping,
 * see otlp-json.ts). Pure: the exporter calls it on each push with the current cumulative values.
 *
 * prom-client keeps every value since the process started, so everything is CUMULATIVE
 * (aggregationTemporality 2) with startTimeUnixNano = the exporter's start: a push the collector
 * never got loses nothing, the next one carries the totals. Names stay the Prometheus names (c_total,
 * h_seconds) so a dashboard can use either the scrape or the push.
 *
 *   counter   → sum, isMonotonic, asDouble
 *   gauge     → gauge, asDouble
 *   histogram → histogram: explicitBounds are the finite `le`s; bucketCounts are per bucket, the
 *               last one the +Inf bucket. prom-client's _bucket values are cumulative (le="1" counts
 *               everything ≤ 1), OTLP's are not, so they are differenced.
 *   summary   → summary: quantileValues with the _sum and _count.
 * Labels become data point attributes, all strings (a Prometheus label is a string).
 */
import type { MetricObjectWithValues, MetricValue, MetricValueWithName } from 'prom-client';
import { double, encodeResource, int64, nanos, ownScope, stringAttribute, type InstrumentationScope, type KeyValue, type OtlpResource, type Resource } from './otlp-json';

export type PromMetric = MetricObjectWithValues<MetricValue<string>>;

interface PointTimes {
  startTimeUnixNano: string;
  timeUnixNano: string;
}

export interface NumberDataPoint extends PointTimes {
  attributes: KeyValue[];
  asDouble: number | string;
}

export interface HistogramDataPoint extends PointTimes {
  attributes: KeyValue[];
  count: string;
  sum?: number | string;
  bucketCounts: string[];
  explicitBounds: number[];
}

export interface SummaryDataPoint extends PointTimes {
  attributes: KeyValue[];
  count: string;
  sum: number | string;
  quantileValues: Array<{ quantile: number; value: number | string }>;
}

export const CUMULATIVE = 2; // AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE

export type OtlpMetric = { name: string; description: string } & (
  | { sum: { dataPoints: NumberDataPoint[]; aggregationTemporality: typeof CUMULATIVE; isMonotonic: true } }
  | { gauge: { dataPoints: NumberDataPoint[] } }
  | { histogram: { dataPoints: HistogramDataPoint[]; aggregationTemporality: typeof CUMULATIVE } }
  | { summary: { dataPoints: SummaryDataPoint[] } }
);

export interface ExportMetricsServiceRequest {
  resourceMetrics: Array<{ resource: Resource; scopeMetrics: Array<{ scope: InstrumentationScope; metrics: OtlpMetric[] }> }>;
}

export interface EncodeMetricsContext {
  resource: OtlpResource;
  /** The exporter's start, ms since 1970: the start of every cumulative series. */
  startMs: number;
  nowMs: number;
}

type Labels = MetricValue<string>['labels'];

const KINDS = ['counter', 'gauge', 'histogram', 'summary'] as const;
type Kind = (typeof KINDS)[number];

// The typings say `type` is the MetricType enum (a number); prom-client 15 actually puts the string
// there ('counter'). Both are accepted so a fix to either side does not silently drop every metric.
function kindOf(type: unknown): Kind | null {
  if (typeof type === 'number') return KINDS[type] ?? null;
  return (KINDS as readonly unknown[]).includes(type) ? (type as Kind) : null;
}

function attributes(labels: Labels): KeyValue[] {
  return Object.entries(labels)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => stringAttribute(key, String(value)));
}

interface Series {
  labels: Labels;
  values: MetricValueWithName<string>[];
}

/** The values of one histogram or summary, grouped into series by their labels other than `le` / `quantile`. */
function seriesOf(values: MetricValue<string>[], without: 'le' | 'quantile'): Series[] {
  const series = new Map<string, Series>();
  for (const value of values) {
    const { [without]: _dropped, ...labels } = value.labels;
    const key = JSON.stringify(Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    let one = series.get(key);
    if (!one) series.set(key, (one = { labels, values: [] }));
    one.values.push(value);
  }
  return [...series.values()];
}

function part(value: MetricValueWithName<string>): '_bucket' | '_sum' | '_count' | null {
  const name = value.metricName ?? '';
  if (name.endsWith('_bucket')) return '_bucket';
  if (name.endsWith('_sum')) return '_sum';
  if (name.endsWith('_count')) return '_count';
  return null;
}

function upperBound(le: string | number | undefined): number {
  if (typeof le === 'number') return le;
  if (le === undefined || le === '+Inf' || le === 'Inf') return Infinity;
  return Number(le);
}

function histogramPoint({ labels, values }: Series, times: PointTimes): HistogramDataPoint {
  const cumulative: Array<[le: number, count: number]> = [];
  let sum: number | undefined;
  let count: number | undefined;
  for (const value of values) {
    const which = part(value);
    if (which === '_bucket') cumulative.push([upperBound(value.labels.le), value.value]);
    else if (which === '_sum') sum = value.value;
    else if (which === '_count') count = value.value;
  }
  const buckets = cumulative.filter(([le]) => !Number.isNaN(le)).sort(([a], [b]) => a - b);
  const total = count ?? buckets.at(-1)?.[1] ?? 0;
  if (buckets.at(-1)?.[0] !== Infinity) buckets.push([Infinity, total]);
  let below = 0;
  const bucketCounts = buckets.map(([, upTo]) => {
    const own = Math.max(0, upTo - below);
    below = Math.max(below, upTo);
    return int64(own);
  });
  return {
    attributes: attributes(labels),
    ...times,
    count: int64(total),
    ...(sum === undefined ? {} : { sum: double(sum) }),
    bucketCounts,
    explicitBounds: buckets.slice(0, -1).map(([le]) => le),
  };
}

function summaryPoint({ labels, values }: Series, times: PointTimes): SummaryDataPoint {
  const quantileValues: SummaryDataPoint['quantileValues'] = [];
  let sum = 0;
  let count = 0;
  for (const value of values) {
    const which = part(value);
    if (which === '_sum') sum = value.value;
    else if (which === '_count') count = value.value;
    else if (value.labels.quantile !== undefined) quantileValues.push({ quantile: Number(value.labels.quantile), value: double(value.value) });
  }
  return { attributes: attributes(labels), ...times, count: int64(count), sum: double(sum), quantileValues };
}

function encodeMetric(metric: PromMetric, times: PointTimes): OtlpMetric | null {
  const head = { name: metric.name, description: metric.help };
  const numbers = (): NumberDataPoint[] => metric.values.map((v) => ({ attributes: attributes(v.labels), ...times, asDouble: double(v.value) }));
  switch (kindOf(metric.type)) {
    case 'counter':
      return { ...head, sum: { dataPoints: numbers(), aggregationTemporality: CUMULATIVE, isMonotonic: true } };
    case 'gauge':
      return { ...head, gauge: { dataPoints: numbers() } };
    case 'histogram':
      return { ...head, histogram: { dataPoints: seriesOf(metric.values, 'le').map((one) => histogramPoint(one, times)), aggregationTemporality: CUMULATIVE } };
    case 'summary':
      return { ...head, summary: { dataPoints: seriesOf(metric.values, 'quantile').map((one) => summaryPoint(one, times)) } };
    default:
      return null; // a type this mapping does not know: left out rather than guessed at
  }
}

/** A labelled metric nobody has touched yet has no series; OTLP has no use for a metric without points. */
export function encodeMetrics(metrics: PromMetric[], context: EncodeMetricsContext): ExportMetricsServiceRequest {
  const times = { startTimeUnixNano: nanos(context.startMs), timeUnixNano: nanos(context.nowMs) };
  const encoded = metrics.filter((m) => m.values.length > 0).flatMap((m) => encodeMetric(m, times) ?? []);
  return { resourceMetrics: [{ resource: encodeResource(context.resource), scopeMetrics: [{ scope: ownScope(context.resource), metrics: encoded }] }] };
}

export function metricCount(request: ExportMetricsServiceRequest): number {
  return request.resourceMetrics.reduce((n, r) => n + r.scopeMetrics.reduce((m, s) => m + s.metrics.length, 0), 0);
}
