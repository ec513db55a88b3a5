import { Counter, Gauge, Histogram, Registry, Summary } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { encodeMetrics, type OtlpMetric, type PromMetric } from '../../../main/core/metrics/otlp/encode-metrics';
import type { KeyValue } from '../../../main/core/metrics/otlp/otlp-json';

const RESOURCE = { serviceVersion: '1.2.3', shopId: 'shop-7', tillId: 'till-2', mode: 'service' };
const START_MS = 1_700_000_000_000;
const NOW_MS = 1_700_000_060_123.5;
const context = { resource: RESOURCE, startMs: START_MS, nowMs: NOW_MS };

// What a collector receives: the request as JSON text, parsed back.
const wire = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

async function encoded(registry: Registry) {
  return wire(encodeMetrics(await registry.getMetricsAsJSON(), context));
}

function metricsOf(request: ReturnType<typeof encodeMetrics>): OtlpMetric[] {
  return request.resourceMetrics[0]!.scopeMetrics[0]!.metrics;
}

function named(request: ReturnType<typeof encodeMetrics>, name: string): Record<string, unknown> {
  const metric = metricsOf(request).find((m) => m.name === name);
  if (!metric) throw new Error(`no metric ${name}`);
  return metric as unknown as Record<string, unknown>;
}

const attrs = (list: KeyValue[]): Record<string, unknown> => Object.fromEntries(list.map(({ key, value }) => [key, value]));

describe('encodeMetrics', () => {
  it('puts the till on the resource and names the scope', async () => {
    const registry = new Registry();
    new Counter({ name: 'scans_total', help: 'Scans', registers: [registry] }).inc();
    const request = await encoded(registry);
    expect(request.resourceMetrics).toHaveLength(1);
    expect(attrs(request.resourceMetrics[0]!.resource.attributes)).toEqual({
      'service.name': { stringValue: 'till-companion' },
      'service.version': { stringValue: '1.2.3' },
      'shop.id': { stringValue: 'shop-7' },
      'till.id': { stringValue: 'till-2' },
      'till.mode': { stringValue: 'service' },
    });
    expect(request.resourceMetrics[0]!.scopeMetrics[0]!.scope).toEqual({ name: 'till-companion', version: '1.2.3' });
  });

  it('makes a counter a monotonic cumulative sum with its labels as attributes', async () => {
    const registry = new Registry();
    const counter = new Counter({ name: 'redemptions_total', help: 'Benefits redeemed', labelNames: ['kind'], registers: [registry] });
    counter.inc({ kind: 'voucher' }, 3);
    counter.inc({ kind: 'voucher' });
    const metric = named(await encoded(registry), 'redemptions_total');
    expect(metric).toEqual({
      name: 'redemptions_total',
      description: 'Benefits redeemed',
      sum: {
        aggregationTemporality: 2,
        isMonotonic: true,
        dataPoints: [
          {
            attributes: [{ key: 'kind', value: { stringValue: 'voucher' } }],
            startTimeUnixNano: '1700000000000000000',
            timeUnixNano: '1700000060123500000',
            asDouble: 4,
          },
        ],
      },
    });
  });

  it('makes a gauge a gauge, one data point per label set', async () => {
    const registry = new Registry();
    const gauge = new Gauge({ name: 'outbox_depth', help: 'Queued events', labelNames: ['target', 'priority'], registers: [registry] });
    gauge.set({ target: 'custobar', priority: 1 }, 12);
    gauge.set({ target: 'webhook', priority: 2 }, 0.5);
    const metric = named(await encoded(registry), 'outbox_depth') as { gauge: { dataPoints: Array<{ attributes: KeyValue[]; asDouble: number }> } };
    expect(Object.keys(metric).sort()).toEqual(['description', 'gauge', 'name']);
    expect(metric.gauge.dataPoints.map((p) => [attrs(p.attributes), p.asDouble])).toEqual([
      [{ target: { stringValue: 'custobar' }, priority: { stringValue: '1' } }, 12],
      [{ target: { stringValue: 'webhook' }, priority: { stringValue: '2' } }, 0.5],
    ]);
  });

  it('turns prom-client cumulative buckets into per-bucket counts, +Inf last', async () => {
    const registry = new Registry();
    const histogram = new Histogram({ name: 'lookup_seconds', help: 'Lookup time', labelNames: ['lane'], buckets: [0.1, 0.5, 1], registers: [registry] });
    for (const seconds of [0.05, 0.2, 0.3, 0.7, 5]) histogram.observe({ lane: 'fast' }, seconds);
    histogram.observe({ lane: 'slow' }, 2);
    // The premise: prom-client's _bucket values are cumulative (≤ 0.1: 1, ≤ 0.5: 3, ≤ 1: 4, +Inf: 5).
    const raw = (await registry.getMetricsAsJSON())[0]!.values.filter((v) => v.labels.lane === 'fast' && v.labels.le !== undefined);
    expect(raw.map((v) => v.value)).toEqual([1, 3, 4, 5]);

    const metric = named(await encoded(registry), 'lookup_seconds') as { histogram: { aggregationTemporality: number; dataPoints: Array<Record<string, unknown>> } };
    expect(metric.histogram.aggregationTemporality).toBe(2);
    expect(metric.histogram.dataPoints).toEqual([
      {
        attributes: [{ key: 'lane', value: { stringValue: 'fast' } }],
        startTimeUnixNano: '1700000000000000000',
        timeUnixNano: '1700000060123500000',
        count: '5',
        sum: 6.25,
        bucketCounts: ['1', '2', '1', '1'],
        explicitBounds: [0.1, 0.5, 1],
      },
      {
        attributes: [{ key: 'lane', value: { stringValue: 'slow' } }],
        startTimeUnixNano: '1700000000000000000',
        timeUnixNano: '1700000060123500000',
        count: '1',
        sum: 2,
        bucketCounts: ['0', '0', '0', '1'],
        explicitBounds: [0.1, 0.5, 1],
      },
    ]);
  });

  it('sends an unlabelled histogram nobody observed yet as zeros', async () => {
    const registry = new Registry();
    new Histogram({ name: 'flush_seconds', help: 'Flush time', buckets: [1, 2], registers: [registry] });
    const metric = named(await encoded(registry), 'flush_seconds') as { histogram: { dataPoints: Array<Record<string, unknown>> } };
    expect(metric.histogram.dataPoints).toEqual([expect.objectContaining({ attributes: [], count: '0', sum: 0, bucketCounts: ['0', '0', '0'], explicitBounds: [1, 2] })]);
  });

  it('makes a summary a summary with its quantiles, sum and count', async () => {
    const registry = new Registry();
    const summary = new Summary({ name: 'batch_size', help: 'Batch size', percentiles: [0.5, 0.9], labelNames: ['kind'], registers: [registry] });
    for (const size of [1, 2, 3, 4]) summary.observe({ kind: 'ingest' }, size);
    const metric = named(await encoded(registry), 'batch_size') as { summary: { dataPoints: Array<Record<string, unknown>> } };
    expect(metric.summary.dataPoints).toEqual([
      {
        attributes: [{ key: 'kind', value: { stringValue: 'ingest' } }],
        startTimeUnixNano: '1700000000000000000',
        timeUnixNano: '1700000060123500000',
        count: '4',
        sum: 10,
        quantileValues: [
          { quantile: 0.5, value: expect.any(Number) },
          { quantile: 0.9, value: expect.any(Number) },
        ],
      },
    ]);
  });

  it('encodes every int64 field as a decimal string and every enum as a number', async () => {
    const registry = new Registry();
    new Counter({ name: 'a_total', help: 'a', registers: [registry] }).inc(2);
    new Gauge({ name: 'b', help: 'b', registers: [registry] }).set(-1);
    new Histogram({ name: 'c', help: 'c', buckets: [1], registers: [registry] }).observe(3);
    new Summary({ name: 'd', help: 'd', registers: [registry] }).observe(1);
    const int64Keys = new Set(['timeUnixNano', 'startTimeUnixNano', 'count', 'asInt']);
    const seen = new Set<string>();
    const walk = (value: unknown, key = ''): void => {
      if (Array.isArray(value)) {
        for (const item of value) {
          if (key === 'bucketCounts') expect(item).toMatch(/^\d+$/);
          walk(item);
        }
      } else if (value && typeof value === 'object') {
        for (const [k, v] of Object.entries(value)) walk(v, k);
      } else if (int64Keys.has(key)) {
        seen.add(key);
        expect(value, key).toMatch(/^\d+$/);
      } else if (key === 'aggregationTemporality') expect(value).toBe(2);
    };
    const request = await encoded(registry);
    walk(request);
    expect(seen).toEqual(new Set(['timeUnixNano', 'startTimeUnixNano', 'count']));
    expect(metricsOf(request).map((m) => m.name)).toEqual(['a_total', 'b', 'c', 'd']);
  });

  it('spells NaN and infinities as the JSON mapping does, not as null', async () => {
    const registry = new Registry();
    const gauge = new Gauge({ name: 'ratio', help: 'r', labelNames: ['which'], registers: [registry] });
    gauge.set({ which: 'nan' }, NaN);
    gauge.set({ which: 'inf' }, Infinity);
    const metric = named(await encoded(registry), 'ratio') as { gauge: { dataPoints: Array<{ asDouble: unknown }> } };
    expect(metric.gauge.dataPoints.map((p) => p.asDouble)).toEqual(['NaN', 'Infinity']);
  });

  it('leaves out a labelled metric with no series yet', async () => {
    const registry = new Registry();
    new Counter({ name: 'untouched_total', help: 'u', labelNames: ['x'], registers: [registry] });
    expect(metricsOf(await encoded(registry))).toEqual([]);
  });

  it('accepts the MetricType enum the typings promise as well as the string prom-client returns', () => {
    const asEnum: PromMetric = { name: 'g', help: 'g', type: 1, aggregator: 'sum', collect: () => undefined, values: [{ value: 7, labels: {} }] };
    const asUnknown = { ...asEnum, name: 'u', type: 'untyped' as unknown as PromMetric['type'] };
    const names = metricsOf(encodeMetrics([asEnum, asUnknown], context)).map((m) => [m.name, Object.keys(m)]);
    expect(names).toEqual([['g', ['name', 'description', 'gauge']]]);
  });
});
