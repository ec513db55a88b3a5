import { Counter, Registry } from 'prom-client';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startOtlpExport, type OtlpExport, type OtlpExportOptions } from '../../../main/core/metrics/otlp/otlp-export';

// The queue, the one-push-at-a-time rule and the reporting, with fetch stubbed so each answer is
// chosen by the test; test/integration/otlp-export.test.ts does the same against a real receiver.

interface Call {
  url: string;
  body: { resourceLogs?: Array<{ scopeLogs: Array<{ logRecords: Array<{ body: { stringValue: string } }> }> }> };
}

type Answer = () => Promise<Response>;
const ok: Answer = async () => new Response('{}', { status: 200 });
const status =
  (code: number): Answer =>
  async () =>
    new Response('{"message":"nope"}', { status: code });
const refused: Answer = async () => {
  throw new TypeError('fetch failed', { cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:4318'), { code: 'ECONNREFUSED' }) });
};

let calls: Call[];
let answer: Answer;
let exporters: OtlpExport[];

beforeEach(() => {
  calls = [];
  answer = ok;
  exporters = [];
  vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
    calls.push({ url, body: JSON.parse(String(init.body)) as Call['body'] });
    return answer();
  });
});

afterEach(async () => {
  vi.useRealTimers();
  await Promise.all(exporters.map((e) => e.stop()));
  vi.unstubAllGlobals();
});

function registryWithCounter(): Registry {
  const registry = new Registry();
  new Counter({ name: 'scans_total', help: 'Scans', registers: [registry] }).inc();
  return registry;
}

function start(overrides: Partial<OtlpExportOptions> = {}): OtlpExport {
  const registry = registryWithCounter();
  const exporter = startOtlpExport({
    url: 'http://collector.test:4318',
    intervalMs: 60_000,
    resource: { serviceVersion: '1.0.0', shopId: 's', tillId: 't', mode: 'service' },
    collect: () => registry.getMetricsAsJSON(),
    ...overrides,
  });
  exporters.push(exporter);
  return exporter;
}

const warn = (message: string) => ({ level: 'warn' as const, message, time: Date.now() });
const logCalls = () => calls.filter((c) => c.url.endsWith('/v1/logs'));
const messagesIn = (call: Call) => call.body.resourceLogs!.flatMap((r) => r.scopeLogs.flatMap((s) => s.logRecords.map((l) => l.body.stringValue)));

describe('startOtlpExport', () => {
  it('pushes on its timer, and stop() clears it', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'setTimeout', 'clearTimeout'] });
    const exporter = start({ intervalMs: 1000 });
    expect(vi.getTimerCount()).toBe(1);
    await vi.advanceTimersByTimeAsync(1000);
    expect(calls.map((c) => c.url)).toEqual(['http://collector.test:4318/v1/metrics']);
    await vi.advanceTimersByTimeAsync(1000);
    expect(calls).toHaveLength(2);

    await exporter.stop();
    expect(calls).toHaveLength(3); // the last push
    expect(vi.getTimerCount()).toBe(0);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(calls).toHaveLength(3);
  });

  it('skips a tick while a push is in flight; a flush() meanwhile waits and then pushes', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    let release!: () => void;
    answer = () => new Promise<Response>((resolve) => (release = () => resolve(new Response('{}'))));
    const exporter = start({ intervalMs: 100 });
    await vi.advanceTimersByTimeAsync(1000); // ten ticks, one request
    expect(calls).toHaveLength(1);

    exporter.log(warn('queued while in flight'));
    const flushed = [exporter.flush(), exporter.flush()]; // both share the one push after the current
    answer = ok;
    release();
    await Promise.all(flushed);
    // The record went with the push in flight (its logs part starts after its metrics); the flush's push follows.
    expect(calls.map((c) => c.url.replace('http://collector.test:4318', ''))).toEqual(['/v1/metrics', '/v1/logs', '/v1/metrics']);
    expect(exporter.stats()).toMatchObject({ sent: 3, failed: 0, queuedLogs: 0 });
  });

  it('keeps at most maxQueuedLogs while the collector is down, dropping and counting the oldest', async () => {
    answer = refused;
    const problems: string[] = [];
    const exporter = start({ maxQueuedLogs: 10, onProblem: (m) => problems.push(m) });
    for (let i = 0; i < 15; i += 1) exporter.log(warn(`w${i}`));
    expect(exporter.stats()).toMatchObject({ queuedLogs: 10, droppedLogs: 5 });

    for (let i = 0; i < 3; i += 1) await exporter.flush();
    // Refused on the metrics request: the logs request would only fail the same way, so none is made.
    expect(logCalls()).toHaveLength(0);
    expect(exporter.stats()).toMatchObject({ sent: 0, failed: 3, queuedLogs: 10, droppedLogs: 5 });
    expect(exporter.stats().lastError).toContain('ECONNREFUSED');
    expect(problems).toEqual([expect.stringMatching(/^OTLP metrics export to http:\/\/collector\.test:4318\/v1\/metrics failed \(fetch failed: .*ECONNREFUSED/)]);

    answer = ok;
    await exporter.flush();
    expect(logCalls().map(messagesIn)).toEqual([['w5', 'w6', 'w7', 'w8', 'w9', 'w10', 'w11', 'w12', 'w13', 'w14']]);
    expect(exporter.stats()).toMatchObject({ queuedLogs: 0, droppedLogs: 5, lastError: null });
  });

  it('puts a failed log batch back in front, oldest first, and still within the bound', async () => {
    const exporter = start({ maxQueuedLogs: 4 });
    exporter.log(warn('a'));
    exporter.log(warn('b'));
    answer = async () => {
      if (calls.at(-1)!.url.endsWith('/v1/logs')) {
        // Logged while the batch is out: the queue (without the batch) fills up meanwhile.
        for (const m of ['c', 'd', 'e']) exporter.log(warn(m));
        return status(503)();
      }
      return ok();
    };
    await exporter.flush();
    // a, b back in front of c, d, e; five is one too many, so the oldest (a) goes.
    expect(exporter.stats()).toMatchObject({ queuedLogs: 4, droppedLogs: 1 });
    answer = ok;
    await exporter.flush();
    expect(logCalls().slice(1).map(messagesIn)).toEqual([['b', 'c', 'd', 'e']]);
  });

  it('drops a batch the collector rejects with a 4xx, and reports that once', async () => {
    const problems: string[] = [];
    const exporter = start({ onProblem: (m) => problems.push(m) });
    answer = async () => (calls.at(-1)!.url.endsWith('/v1/logs') ? status(400)() : ok());
    exporter.log(warn('malformed'));
    await exporter.flush();
    exporter.log(warn('malformed again'));
    await exporter.flush();
    expect(exporter.stats()).toMatchObject({ queuedLogs: 0, droppedLogs: 2, failed: 2 });
    expect(problems).toEqual([expect.stringMatching(/^OTLP logs export .* failed \(HTTP 400: \{"message":"nope"\}\); the rejected records are dropped$/)]);
  });

  it('keeps a batch throttled with 429 for the next push', async () => {
    const exporter = start();
    answer = async () => (calls.at(-1)!.url.endsWith('/v1/logs') ? status(429)() : ok());
    exporter.log(warn('throttled'));
    await exporter.flush();
    expect(exporter.stats()).toMatchObject({ queuedLogs: 1, droppedLogs: 0 });
  });

  it('reports again only after the signal worked in between', async () => {
    const problems: string[] = [];
    const exporter = start({ onProblem: (m) => problems.push(m) });
    for (const next of [refused, refused, ok, refused, refused]) {
      answer = next;
      await exporter.flush();
    }
    expect(problems).toHaveLength(2);
  });

  it('survives a throwing onProblem, a throwing collect() and a record it cannot encode', async () => {
    const exporter = start({
      onProblem: () => {
        throw new Error('reporter broke');
      },
      collect: async () => {
        throw new Error('registry broke');
      },
    });
    expect(() => exporter.log(null as never)).not.toThrow();
    expect(() => exporter.log({ level: 'warn', message: 'ok', time: 'x', attributes: { n: 1n as unknown as number } })).not.toThrow();
    await expect(exporter.flush()).resolves.toBeUndefined();
    expect(exporter.stats()).toMatchObject({ failed: 1, lastError: 'metrics: collecting them failed: registry broke' });
  });

  it('gives up on a collect() that never settles after timeoutMs', async () => {
    const exporter = start({ timeoutMs: 100, collect: () => new Promise(() => undefined) });
    const began = Date.now();
    await exporter.flush();
    expect(Date.now() - began).toBeLessThan(2000);
    expect(exporter.stats().lastError).toContain('no answer within 100 ms');
  });

  it('ignores log() and flush() after stop()', async () => {
    const exporter = start();
    await exporter.stop();
    const made = calls.length;
    exporter.log(warn('late'));
    await exporter.flush();
    expect(calls).toHaveLength(made);
    expect(exporter.stats().queuedLogs).toBe(0);
  });

  it('refuses a URL it could never send to, and a period that is not positive', () => {
    expect(() => start({ url: 'collector:4318' })).toThrow(TypeError);
    expect(() => start({ intervalMs: 0 })).toThrow(RangeError);
  });
});
