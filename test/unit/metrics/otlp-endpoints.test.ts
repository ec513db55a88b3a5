import { describe, expect, it } from 'vitest';
import { describeUrl, otlpEndpoints } from '../../../main/core/metrics/otlp/endpoints';
import { describeError, isRetryableStatus } from '../../../main/core/metrics/otlp/post';

describe('otlpEndpoints', () => {
  it('appends /v1/metrics and /v1/logs to a base URL, with or without a path prefix or trailing slash', () => {
    expect(otlpEndpoints('http://collector:4318')).toEqual({ metrics: 'http://collector:4318/v1/metrics', logs: 'http://collector:4318/v1/logs' });
    expect(otlpEndpoints('http://collector:4318/')).toEqual({ metrics: 'http://collector:4318/v1/metrics', logs: 'http://collector:4318/v1/logs' });
    expect(otlpEndpoints('https://gw.example/otlp/')).toEqual({ metrics: 'https://gw.example/otlp/v1/metrics', logs: 'https://gw.example/otlp/v1/logs' });
  });

  it('uses a URL already ending in a signal path as is, and its sibling for the other signal', () => {
    expect(otlpEndpoints('http://c:4318/otlp/v1/metrics')).toEqual({ metrics: 'http://c:4318/otlp/v1/metrics', logs: 'http://c:4318/otlp/v1/logs' });
    expect(otlpEndpoints('http://c:4318/v1/logs/')).toEqual({ metrics: 'http://c:4318/v1/metrics', logs: 'http://c:4318/v1/logs' });
  });

  it('keeps a query string on both', () => {
    expect(otlpEndpoints('http://c:4318?tenant=a')).toEqual({ metrics: 'http://c:4318/v1/metrics?tenant=a', logs: 'http://c:4318/v1/logs?tenant=a' });
  });

  it('refuses what is not an http(s) URL', () => {
    expect(() => otlpEndpoints('collector:4318')).toThrow(TypeError);
    expect(() => otlpEndpoints('not a url')).toThrow(TypeError);
    expect(() => otlpEndpoints('file:///etc/passwd')).toThrow(/http or https/);
  });

  it('describes a URL without credentials or query', () => {
    expect(describeUrl('https://user:secret@c:4318/v1/logs?token=t')).toBe('https://c:4318/v1/logs');
  });
});

describe('isRetryableStatus', () => {
  it('gives up on a 4xx batch except for 408 and 429, retries 5xx', () => {
    expect([400, 401, 403, 404, 413].map(isRetryableStatus)).toEqual([false, false, false, false, false]);
    expect([408, 429, 500, 502, 503, 504].map(isRetryableStatus)).toEqual([true, true, true, true, true, true]);
  });
});

describe('describeError', () => {
  it('names what fetch failed on, even when the cause has only a code', () => {
    const refused = new TypeError('fetch failed', { cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:4318'), { code: 'ECONNREFUSED' }) });
    expect(describeError(refused, 5000)).toBe('fetch failed: connect ECONNREFUSED 127.0.0.1:4318');
    const both = new TypeError('fetch failed', { cause: Object.assign(new AggregateError([], ''), { code: 'ECONNREFUSED' }) });
    expect(describeError(both, 5000)).toBe('fetch failed: ECONNREFUSED');
    expect(describeError(new DOMException('x', 'TimeoutError'), 250)).toBe('no answer within 250 ms');
  });
});
