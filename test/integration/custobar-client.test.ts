import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Settings } from '../../preload/schemas/settings';
import { CustobarClient } from '../../main/core/custobar/client';
import { startHttpServer } from '../../main/http/server';
import { ingestRoutes } from '../../main/http/routes/ingest';
import { createMemoryLogger } from '../../main/core/logging/logger';
import { startSimulator, type Simulator } from '../../main/simulator/server';

describe('Custobar client against the simulator', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startSimulator({ seed: false, token: 'client-token' });
  });
  afterAll(async () => sim?.close());

  const client = (patch: Partial<Settings['custobar']> = {}, token = 'client-token') =>
    new CustobarClient({ settings: { ...Settings.parse({}).custobar, baseUrl: sim.url, requestsPerMinute: 6000, ...patch }, token });

  it('uploads in the wrapped form with the configured scheme', async () => {
    expect(await client({ authScheme: 'Bearer' }).upload('shops', [{ external_id: 'S1', name: 'One' }])).toEqual({ kind: 'ok', status: 200 });
    expect(await client({ authScheme: 'Token' }).upload('shops', [{ external_id: 'S2', name: 'Two' }])).toEqual({ kind: 'ok', status: 200 });
    expect(await client({}, 'wrong').upload('shops', [])).toMatchObject({ kind: 'auth', status: 401 });
    expect(await client({ baseUrl: `${sim.url}/nothing-here` }).upload('shops', [])).toMatchObject({ kind: 'config', status: 404 });
    expect(await client({ baseUrl: 'http://127.0.0.1:9' }).upload('shops', [])).toMatchObject({ kind: 'retry', offline: true });
  });

  it('reads the data API page by page through next_url', async () => {
    await client().upload('customers', Array.from({ length: 23 }, (_, i) => ({ external_id: `C-${i}`, can_email: true })));
    const pages: number[] = [];
    const ids: string[] = [];
    for await (const page of client().readPages('customers', { can_email: 'true', limit: '10', fields: 'external_id' })) {
      pages.push(page.length);
      ids.push(...page.map((c) => String(c.external_id)));
    }
    expect(pages).toEqual([10, 10, 3]);
    expect(new Set(ids).size).toBe(23);
  });

  it('times out a request that never answers', async () => {
    sim.setFaults({ uploads: { latencyMs: 3000 } });
    const started = Date.now();
    expect(await client({ timeoutMs: 1000 }).upload('shops', [])).toMatchObject({ kind: 'retry', reason: 'Custobar did not answer in time' });
    expect(Date.now() - started).toBeLessThan(2500);
    sim.setFaults({ uploads: { latencyMs: 0 } });
  });
});

describe('the desktop app’s loopback ingest server', () => {
  it('takes records with the token only, and never from a browser origin', async () => {
    const received: unknown[] = [];
    const server = await startHttpServer({
      host: '127.0.0.1',
      port: 0,
      token: 'ingest-token-1',
      allowOwnOrigin: false,
      logger: createMemoryLogger(),
      routes: [
        ingestRoutes(async (_type, records) => {
          for await (const r of records) received.push('value' in r ? r.value : r);
          return { received: received.length, accepted: received.length, rejected: 0, errors: [] };
        }),
      ],
    });
    const post = (headers: Record<string, string>) =>
      fetch(`http://127.0.0.1:${server.port}/ingest/sales`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: '[{"a":1}]' });
    expect((await post({})).status).toBe(401);
    expect((await post({ Authorization: 'Bearer ingest-token-1', Origin: 'http://localhost:3000' })).status).toBe(403);
    expect((await post({ Authorization: 'Bearer ingest-token-1' })).status).toBe(202);
    expect(received).toEqual([{ a: 1 }]);
    await server.close();
  });
});
