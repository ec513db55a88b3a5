import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Settings } from '../../preload/schemas/settings';
import type { Companion } from '../../main/core/companion';
import { CustobarClient } from '../../main/core/custobar/client';
import { createEnvSecretStore, SERVICE_SECRET_ENV } from '../../main/core/secrets/secret-store';
import { startSimulator, type Simulator } from '../../main/simulator/server';
import { scanCard } from '../helpers/checkout';
import { makeCompanion } from '../helpers/companion';
import { waitFor } from '../helpers/pty';
import { tempDir } from '../helpers/service-process';

interface Seen {
  method: string;
  url: string;
  authorization: string | undefined;
}

/** A pass-through in front of a simulator that records every request it forwards, headers included. */
async function recordingProxy(target: Simulator): Promise<{ url: string; seen: Seen[]; close(): Promise<void> }> {
  const seen: Seen[] = [];
  const server = http.createServer((req, res) => {
    seen.push({ method: req.method ?? '', url: req.url ?? '', authorization: req.headers.authorization });
    const upstream = http.request({ host: '127.0.0.1', port: target.port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const continuous = { customers: 'continuous', products: 'continuous', sales: 'continuous', shops: 'continuous', events: 'continuous' };

describe('a Custobar token stays with the origin it was given for', () => {
  let first: Simulator;
  let second: Simulator;
  let proxy: Awaited<ReturnType<typeof recordingProxy>>;
  let companion: Companion | null = null;

  beforeEach(async () => {
    first = await startSimulator({ token: 'first-token' });
    second = await startSimulator({ token: 'second-token' });
    proxy = await recordingProxy(second);
  });
  afterEach(async () => {
    await companion?.close();
    companion = null;
    await proxy.close();
    await Promise.all([first.close(), second.close()]);
  });

  /** Service mode as it starts: addresses from the settings file, tokens from the environment. */
  async function start(): Promise<Companion> {
    const dataDir = tempDir();
    fs.writeFileSync(
      path.join(dataDir, 'settings.json'),
      JSON.stringify({ custobar: { baseUrl: first.url, requestsPerMinute: 6000 }, benefits: { baseUrl: first.url }, exports: { schedules: continuous } }),
    );
    const secrets = createEnvSecretStore({ TILL_CUSTOBAR_TOKEN: 'first-token', TILL_BENEFITS_TOKEN: 'first-token' }, SERVICE_SECRET_ENV);
    return makeCompanion({}, dataDir, { secrets });
  }

  it('sends no upload to another loopback port until a token is set for it, then sends with that token', async () => {
    companion = await start();
    const runner = companion.exports.dispatcher.runners.customers;
    companion.exports.ingest('customers', [{ external_id: 'ORIGIN-1' }], { partial: false, source: 'test' });
    await waitFor(() => first.state.uploads.length === 1, 10_000, 'the upload to the first simulator');

    await companion.api['settings.update']({ patch: { custobar: { baseUrl: proxy.url } } });
    companion.exports.ingest('customers', [{ external_id: 'ORIGIN-2' }], { partial: false, source: 'test' });
    // The dispatcher has looked at the new address and decided: without a token for it, nothing goes.
    await waitFor(() => runner.state.lastError?.code === 'custobar_unconfigured', 10_000, 'the dispatcher to give up');
    expect(proxy.seen).toEqual([]);
    expect(second.state.uploads).toEqual([]);
    expect(companion.exports.store.counts('customers').pending).toBe(1);

    const view = await companion.api['settings.get']({} as never);
    expect(view.secrets.custobarToken).toBe(false);
    const status = await companion.api['status.get']({} as never);
    expect(status.exports?.configured).toBe(false);
    expect(status.warnings.find((w) => w.code === 'credential_origin.custobarToken')?.message).toBe(
      `The Custobar token was given for ${first.url}, so it is not sent to ${proxy.url}; set a token for ${proxy.url} in Settings.`,
    );
    expect(status.warnings.find((w) => w.code === 'credential_origin.custobarToken')?.params).toEqual({ current: proxy.url });
    await expect(companion.dispatch('exports.sendNow', { type: 'all' })).resolves.toMatchObject({ ok: false, error: { code: 'conflict' } });

    await companion.api['secrets.set']({ name: 'custobarToken', value: 'second-token' });
    expect((await companion.api['status.get']({} as never)).warnings.find((w) => w.code === 'credential_origin.custobarToken')).toBeUndefined();
    await companion.api['exports.sendNow']({ type: 'all' });
    await waitFor(() => second.state.uploads.length === 1, 10_000, 'the upload to the second simulator');
    expect(second.state.uploads[0]).toMatchObject({ type: 'customers', status: 200 });
    expect(proxy.seen.filter((s) => s.url.startsWith('/api/customers/upload/'))).toEqual([
      { method: 'POST', url: '/api/customers/upload/', authorization: 'Token second-token' },
    ]);
    // The first simulator never saw the second token, nor anything after the change.
    expect(first.state.uploads).toHaveLength(1);
  });

  it('sends no customer lookup with the old token after the change, and looks up again once a token is set', async () => {
    companion = await start();
    expect((await scanCard(companion, 'CU-7H3K9P2A')).customer).toMatchObject({ name: 'Aino Virtanen', source: 'custobar' });

    await companion.api['settings.update']({ patch: { custobar: { baseUrl: proxy.url } } });
    const withheld = await scanCard(companion, 'CU-4M8Q1Z6T');
    expect(withheld.customer).toBeNull();
    expect(proxy.seen).toEqual([]);

    await companion.api['secrets.set']({ name: 'custobarToken', value: 'second-token' });
    const found = await scanCard(companion, 'CU-9R2W5X8L');
    expect(found.customer).toMatchObject({ source: 'custobar', offline: false });
    expect(proxy.seen.length).toBeGreaterThan(0);
    expect(proxy.seen.every((s) => s.url.startsWith('/api/data/customers/') && s.authorization === 'Token second-token')).toBe(true);
  });
});

describe('Custobar paging', () => {
  it('does not follow a next_url to another origin, so the token never goes there', async () => {
    const elsewhere: Seen[] = [];
    const other = http.createServer((req, res) => {
      elsewhere.push({ method: req.method ?? '', url: req.url ?? '', authorization: req.headers.authorization });
      res.end('{"customers":[]}');
    });
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    const otherUrl = `http://127.0.0.1:${(other.address() as AddressInfo).port}`;
    const tenant = http.createServer((_req, res) => {
      res.setHeader('Content-Type', 'application/json');
      res.end(JSON.stringify({ customers: [{ external_id: 'P-1' }], next_url: `${otherUrl}/api/data/customers/?offset=1` }));
    });
    await new Promise<void>((resolve) => tenant.listen(0, '127.0.0.1', resolve));
    const tenantUrl = `http://127.0.0.1:${(tenant.address() as AddressInfo).port}`;
    try {
      const client = new CustobarClient({ settings: { ...Settings.parse({}).custobar, baseUrl: tenantUrl }, token: 'tenant-token' });
      const pages: unknown[][] = [];
      const read = async () => {
        for await (const page of client.readPages('customers', {})) pages.push(page);
      };
      await expect(read()).rejects.toMatchObject({ outcome: { kind: 'config', reason: expect.stringContaining(`another address (${otherUrl})`) } });
      expect(pages).toEqual([[{ external_id: 'P-1' }]]);
      expect(elsewhere).toEqual([]);
    } finally {
      await new Promise((resolve) => other.close(resolve));
      await new Promise((resolve) => tenant.close(resolve));
    }
  });
});
