/**
 * The parts of OTLP's JSON encoding (the protobuf JSON mapping, as the OTLP/HTTP spec uses it) that
 * both the metrics and the logs requests share. The mapping rules that matter here:
 *   - field names are lowerCamelCase;
 *   - 64-bit integers (timeUnixNano, count, bucketCounts, intValue) are decimal strings, because a
 *     JSON number loses precision past 2^53 and nanoseconds since 1970 are already past it;
 *   - doubles are JSON numbers, except NaN and ±Infinity, which JSON has no number for: the mapping
 *     spells them "NaN", "Infinity" and "-Infinity" (JSON.stringify would write null);
 *   - enums are integers.
 */

export type AnyValue = { stringValue: string } | { boolValue: boolean } | { intValue: string } | { doubleValue: number | string };

export interface KeyValue {
  key: string;
  value: AnyValue;
}

export interface Resource {
  attributes: KeyValue[];
}

export interface InstrumentationScope {
  name: string;
  version?: string;
}

/** What identifies this till to the collector; becomes the resource of every request. */
export interface OtlpResource {
  serviceVersion: string;
  shopId: string;
  tillId: string;
  mode: string;
}

export const SERVICE_NAME = 'till-companion';

export function encodeResource(resource: OtlpResource): Resource {
  return {
    attributes: [
      stringAttribute('service.name', SERVICE_NAME),
      stringAttribute('service.version', resource.serviceVersion),
      stringAttribute('shop.id', resource.shopId),
      stringAttribute('till.id', resource.tillId),
      stringAttribute('till.mode', resource.mode),
    ],
  };
}

export function ownScope(resource: OtlpResource): InstrumentationScope {
  return { name: SERVICE_NAME, version: resource.serviceVersion };
}

export function stringAttribute(key: string, value: string): KeyValue {
  return { key, value: { stringValue: value } };
}

/** Milliseconds since 1970 (fractions kept to the microsecond) as int64 nanoseconds, a decimal string. */
export function nanos(ms: number): string {
  if (!Number.isFinite(ms) || ms <= 0) return '0';
  return (BigInt(Math.round(ms * 1000)) * 1000n).toString();
}

/** A whole count as int64, a decimal string. */
export function int64(value: number): string {
  if (!Number.isFinite(value) || value <= 0) return '0';
  return BigInt(Math.round(value)).toString();
}

export function double(value: number): number | string {
  if (Number.isFinite(value)) return value;
  if (Number.isNaN(value)) return 'NaN';
  return value > 0 ? 'Infinity' : '-Infinity';
}

/** A typed attribute value: integers as intValue, other numbers as doubleValue. */
export function anyValue(value: string | number | boolean): AnyValue {
  if (typeof value === 'boolean') return { boolValue: value };
  if (typeof value === 'number') return Number.isSafeInteger(value) ? { intValue: String(value) } : { doubleValue: double(value) };
  return { stringValue: String(value) };
}
