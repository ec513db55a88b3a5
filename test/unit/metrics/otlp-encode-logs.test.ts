import { describe, expect, it } from 'vitest';
import { encodeLogRecord, encodeLogs, MAX_ATTRIBUTES, MAX_TEXT } from '../../../main/core/metrics/otlp/encode-logs';

const RESOURCE = { serviceVersion: '1.2.3', shopId: 'shop-7', tillId: 'till-2', mode: 'electron' };
const OBSERVED_MS = 1_700_000_000_500;

describe('encodeLogRecord', () => {
  it('maps warn and error to their OTLP severities, the message to the body', () => {
    const warn = encodeLogRecord({ level: 'warn', message: 'outbox slow', time: '2023-11-14T22:13:20.000Z' }, OBSERVED_MS);
    const error = encodeLogRecord({ level: 'error', message: 'sync failed', time: 1_700_000_000_250 }, OBSERVED_MS);
    expect(warn.record).toEqual({
      timeUnixNano: '1700000000000000000',
      observedTimeUnixNano: '1700000000500000000',
      severityNumber: 13,
      severityText: 'WARN',
      body: { stringValue: 'outbox slow' },
      attributes: [],
    });
    expect(error.record).toMatchObject({ timeUnixNano: '1700000000250000000', severityNumber: 17, severityText: 'ERROR', body: { stringValue: 'sync failed' } });
  });

  it('types attributes: strings, integers as int64 strings, other numbers as doubles, booleans', () => {
    const { record } = encodeLogRecord({ level: 'warn', message: 'm', time: OBSERVED_MS, attributes: { target: 'custobar', attempt: 3, ratio: 0.25, retrying: true } }, OBSERVED_MS);
    expect(record.attributes).toEqual([
      { key: 'target', value: { stringValue: 'custobar' } },
      { key: 'attempt', value: { intValue: '3' } },
      { key: 'ratio', value: { doubleValue: 0.25 } },
      { key: 'retrying', value: { boolValue: true } },
    ]);
  });

  it('takes the time it was handed the record when the record time does not parse', () => {
    expect(encodeLogRecord({ level: 'warn', message: 'm', time: 'yesterday-ish' }, OBSERVED_MS).record.timeUnixNano).toBe('1700000000500000000');
  });

  it('caps the size of what it keeps', () => {
    const attributes = Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`k${i}`, 'v'.repeat(MAX_TEXT * 2)]));
    const { record } = encodeLogRecord({ level: 'error', message: 'x'.repeat(MAX_TEXT * 10), time: OBSERVED_MS, attributes }, OBSERVED_MS);
    expect(record.body.stringValue.length).toBe(MAX_TEXT + 1);
    expect(record.attributes).toHaveLength(MAX_ATTRIBUTES);
    expect(JSON.stringify(record).length).toBeLessThan((MAX_ATTRIBUTES + 2) * (MAX_TEXT + 100));
  });
});

describe('encodeLogs', () => {
  it('sends the records under the till resource, grouped by logger scope in order', () => {
    const logs = [
      encodeLogRecord({ level: 'warn', message: 'one', time: OBSERVED_MS, scope: 'app:outbox' }, OBSERVED_MS),
      encodeLogRecord({ level: 'error', message: 'two', time: OBSERVED_MS }, OBSERVED_MS),
      encodeLogRecord({ level: 'warn', message: 'three', time: OBSERVED_MS, scope: 'app:outbox' }, OBSERVED_MS),
    ];
    const request = JSON.parse(JSON.stringify(encodeLogs(logs, RESOURCE))) as ReturnType<typeof encodeLogs>;
    expect(request.resourceLogs).toHaveLength(1);
    const [resourceLogs] = request.resourceLogs;
    expect(resourceLogs!.resource.attributes).toEqual([
      { key: 'service.name', value: { stringValue: 'till-companion' } },
      { key: 'service.version', value: { stringValue: '1.2.3' } },
      { key: 'shop.id', value: { stringValue: 'shop-7' } },
      { key: 'till.id', value: { stringValue: 'till-2' } },
      { key: 'till.mode', value: { stringValue: 'electron' } },
    ]);
    expect(resourceLogs!.scopeLogs.map((s) => [s.scope, s.logRecords.map((r) => r.body.stringValue)])).toEqual([
      [{ name: 'app:outbox', version: '1.2.3' }, ['one', 'three']],
      [{ name: 'till-companion', version: '1.2.3' }, ['two']],
    ]);
  });
});
