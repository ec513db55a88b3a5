/**
 * Warnings and errors → OTLP LogRecords and an ExportLogsServiceRequest (JSON mapping, see
 * otlp-json.ts). A record is encoded when it is queued, not when it is sent: the queue then holds
 * small finished objects (not whatever the caller's attributes referenced), with their size capped,
 * so a queue of maxQueuedLogs records has a bounded size too.
 *
 * A record's `scope` (the logger scope, e.g. 'app:exports') becomes its InstrumentationScope name,
 * as OTel maps a logger's name; records without one go under 'till-companion'.
 */
import { anyValue, encodeResource, type AnyValue, nanos, ownScope, type InstrumentationScope, type KeyValue, type OtlpResource, type Resource } from './otlp-json';

export interface LogInput {
  level: 'warn' | 'error';
  message: string;
  /** An ISO 8601 string (pino's isoTime) or ms since 1970. */
  time: string | number;
  scope?: string;
  attributes?: Record<string, string | number | boolean>;
}

export interface LogRecord {
  timeUnixNano: string;
  observedTimeUnixNano: string;
  severityNumber: number;
  severityText: string;
  body: { stringValue: string };
  attributes: KeyValue[];
}

/** A record ready to send, with the scope it is grouped under. */
export interface EncodedLog {
  scope: string | undefined;
  record: LogRecord;
}

export interface ExportLogsServiceRequest {
  resourceLogs: Array<{ resource: Resource; scopeLogs: Array<{ scope: InstrumentationScope; logRecords: LogRecord[] }> }>;
}

// SeverityNumber: WARN is 13..16 and ERROR 17..20; the first of each range is the plain level.
const SEVERITY = { warn: { severityNumber: 13, severityText: 'WARN' }, error: { severityNumber: 17, severityText: 'ERROR' } } as const;

/** Longer strings are cut: one runaway message (a whole response body) must not hold megabytes in the queue. */
export const MAX_TEXT = 8 * 1024;
export const MAX_ATTRIBUTES = 32;

function cut(text: string): string {
  return text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT)}…` : text;
}

// Typed callers pass string | number | boolean; anything else (from plain JS) is sent as its string.
function attributeValue(value: unknown): AnyValue {
  if (typeof value === 'number' || typeof value === 'boolean') return anyValue(value);
  return anyValue(cut(String(value)));
}

function timeOf(time: string | number, fallbackMs: number): number {
  const ms = typeof time === 'number' ? time : Date.parse(time);
  return Number.isFinite(ms) && ms > 0 ? ms : fallbackMs;
}

/** `observedMs`: when the exporter was handed the record; also the time of a record whose own time does not parse. */
export function encodeLogRecord(input: LogInput, observedMs: number): EncodedLog {
  const attributes = Object.entries(input.attributes ?? {})
    .filter(([, value]) => (value as unknown) !== undefined && (value as unknown) !== null)
    .slice(0, MAX_ATTRIBUTES)
    .map(([key, value]) => ({ key, value: attributeValue(value) }));
  return {
    scope: input.scope,
    record: {
      timeUnixNano: nanos(timeOf(input.time, observedMs)),
      observedTimeUnixNano: nanos(observedMs),
      ...(input.level === 'error' ? SEVERITY.error : SEVERITY.warn),
      body: { stringValue: cut(String(input.message)) },
      attributes,
    },
  };
}

export function encodeLogs(logs: EncodedLog[], resource: OtlpResource): ExportLogsServiceRequest {
  const byScope = new Map<string, LogRecord[]>();
  for (const { scope, record } of logs) {
    const name = scope ?? ownScope(resource).name;
    let records = byScope.get(name);
    if (!records) byScope.set(name, (records = []));
    records.push(record);
  }
  const scopeLogs = [...byScope].map(([name, logRecords]) => ({ scope: { ...ownScope(resource), name }, logRecords }));
  return { resourceLogs: [{ resource: encodeResource(resource), scopeLogs }] };
}
