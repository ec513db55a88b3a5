import Database from 'better-sqlite3';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Companion } from '../../main/core/companion';
import type { StreamedRecord } from '../../main/core/exports/ingest-stream';
import { createMemoryLogger } from '../../main/core/logging/logger';
import { parseServiceArgs } from '../../main/service/args';
import { startService, type RunningService } from '../../main/service/run-service';
import { makeCompanion } from '../helpers/companion';
import { startBuiltService, tempDir } from '../helpers/service-process';
import { canMountTmpfs, fillUp, mountTmpfs } from '../helpers/tmpfs';

const TOKEN = 'group-commit-test-token';
const sale = (id: string) => ({ sale_external_id: id, external_id: `${id}-1`, sale_date: '2026-11-22 10:00', total: '19.90', sale_phone_number: '040 123 4567' });
const post = (base: string, type: string, body: unknown) =>
  fetch(`${base}/ingest/${type}`, { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${TOKEN}` }, body: JSON.stringify(body) });

describe('group commit on the ingest API', () => {
  let service: RunningService;
  beforeAll(async () => {
    service = await startService(parseServiceArgs(['--port', '0', '--data-dir', tempDir(), '--api-token', TOKEN], {}), { logger: createMemoryLogger() });
  });
  afterAll(async () => service?.stop());

  it('concurrent single-record requests are committed in fewer transactions than requests; every 202 is stored; a bad record refuses only its request', async () => {
    const stats = service.companion.exports.groupCommit;
    const before = { ...stats };
    const accepted: string[] = [];
    const ROUNDS = 5;
    const TERMINALS = 8;
    for (let round = 0; round < ROUNDS; round += 1) {
      const ids = Array.from({ length: TERMINALS }, (_, t) => `GC-${round}-${t}`);
      const bad = { ...sale(`GC-${round}-bad`), sale_date: 'yesterday' };
      const answers = await Promise.all([...ids.map((id) => post(service.url, 'sales', [sale(id)])), post(service.url, 'sales', [bad])]);
      expect(answers.map((a) => a.status)).toEqual([...ids.map(() => 202), 400]);
      expect(await answers[0]!.json()).toEqual({ type: 'sales', received: 1, accepted: 1, rejected: 0, errors: [] });
      expect(((await answers[TERMINALS]!.json()) as { error: { records: unknown } }).error.records).toEqual([
        { position: 'record 0', errors: ['sale_date: "yesterday" is not an ISO 8601 date-time'] },
      ]);
      accepted.push(...ids);
    }
    const requests = stats.requests - before.requests;
    const transactions = stats.transactions - before.transactions;
    expect(requests).toBe(ROUNDS * TERMINALS);
    // One transaction per request is what committing each on its own gives.
    expect(transactions).toBeLessThan(requests);
    expect(stats.largestGroup).toBeGreaterThan(1);
    const stored = service.companion.exports.db.prepare("SELECT record_key, payload FROM outbox_view WHERE type = 'sales' AND record_key LIKE 'GC-%' ORDER BY seq").all() as { record_key: string; payload: string }[];
    expect(stored.map((r) => r.record_key).sort()).toEqual(accepted.map((id) => `${id}/${id}-1`).sort());
    expect(JSON.parse(stored[0]!.payload)).toMatchObject({ sale_date: '2026-11-22T10:00:00+02:00', total: 1990, sale_phone_number: '+358401234567' });
  });

  it('a big body (staged) and small ones at the same time: all stored, all 202', async () => {
    const big = Array.from({ length: 1000 }, (_, i) => ({ ...sale(`GB-${Math.floor(i / 4)}`), external_id: `GB-${i}` }));
    const small = Array.from({ length: 8 }, (_, t) => `GS-${t}`);
    const answers = await Promise.all([post(service.url, 'sales', big), ...small.map((id) => post(service.url, 'sales', [sale(id)]))]);
    expect(answers.map((a) => a.status)).toEqual(answers.map(() => 202));
    const n = (like: string) => (service.companion.exports.db.prepare('SELECT count(*) AS n FROM outbox WHERE record_key LIKE ?').get(like) as { n: number }).n;
    expect(n('GB-%')).toBe(1000);
    expect(n('GS-%')).toBe(8);
  });
});

const canMount = canMountTmpfs();

describe.skipIf(!canMount)('group commit on a full disk (tmpfs)', () => {
  let mount: string | null = null;
  let companion: Companion | null = null;
  afterEach(async () => {
    await companion?.close();
    if (mount) execFileSync('umount', ['-l', mount]);
  });

  it('every request of the group gets the disk-full error (503) and nothing of any is stored; with space again they all go through', async () => {
    mount = mountTmpfs(8, 'group-full-')!;
    companion = await makeCompanion({}, path.join(mount, 'data'));
    const c = companion;
    const one = (value: unknown): AsyncIterable<StreamedRecord> =>
      (async function* () {
        yield { position: 'record 0', value };
      })();
    // Big records (90 kB each): more than the write-ahead log has room for once the disk is full.
    const customer = (id: string) => ({ external_id: id, ...Object.fromEntries(['first_name', 'last_name', 'city', 'company', 'street_address', 'street_name', 'province', 'zip_code', 'vat_number', 'gender'].map((f) => [f, f[0]!.repeat(9000)])) });
    const held = () => (c.exports.db.prepare("SELECT count(*) AS n FROM outbox WHERE type = 1").get() as { n: number }).n;
    await c.exports.ingestStream('customers', one({ external_id: 'BEFORE' }), { partial: false, source: 'test' });
    fillUp(path.join(mount, 'filler'));

    const before = { ...c.exports.groupCommit };
    const ids = Array.from({ length: 8 }, (_, t) => `FULL-${t}`);
    const outcomes = await Promise.allSettled(ids.map((id) => c.exports.ingestStream('customers', one(customer(id)), { partial: false, source: 'test' })));
    expect(outcomes.map((o) => o.status)).toEqual(ids.map(() => 'rejected'));
    for (const o of outcomes) expect((o as PromiseRejectedResult).reason).toMatchObject({ code: 'unavailable', message: expect.stringMatching(/is full: nothing of this request was stored/) });
    expect(held(), 'nothing of any request of the group').toBe(1);
    expect(c.exports.groupCommit.transactions).toBe(before.transactions);
    expect(c.exports.db.inTransaction).toBe(false);
    expect(c.context.warnings.list().map((w) => w.code)).toContain('disk_full');

    fs.rmSync(path.join(mount, 'filler'));
    const again = await Promise.allSettled(ids.map((id) => c.exports.ingestStream('customers', one(customer(id)), { partial: false, source: 'test' })));
    expect(again.map((o) => o.status)).toEqual(ids.map(() => 'fulfilled'));
    expect(held()).toBe(9);
    expect(c.exports.groupCommit.transactions - before.transactions).toBeLessThan(ids.length);
    expect(c.context.warnings.list().map((w) => w.code)).not.toContain('disk_full');
  });
});

/** The built service, as a service manager runs it, with nowhere to send (everything stays in the outbox). */
const startBuilt = (dataDir: string) => startBuiltService(['--data-dir', dataDir, '--port', '0', '--api-token', TOKEN, '--log-level', 'warn']);

describe('group commit and a crash', () => {
  it('SIGKILL right after the 202s of concurrent requests: every acknowledged record is there after the restart', async () => {
    const dataDir = tempDir('group-crash-');
    const acked: string[] = [];
    let killedWithRequestsOpen = 0;
    for (let round = 0; round < 6; round += 1) {
      const { child, base, exited } = await startBuilt(dataDir);
      // Killed as soon as the k-th 202 of the round is in: the others may be committed, answered or still on the way.
      const killAt = 1 + (round % 4) * 2;
      let answered = 0;
      const ids = Array.from({ length: 8 }, (_, t) => `K-${round}-${t}`);
      const results = await Promise.allSettled(
        ids.map(async (id) => {
          const res = await post(base, 'sales', [sale(id)]);
          if (res.status !== 202) throw new Error(`status ${res.status}`);
          acked.push(id);
          answered += 1;
          if (answered === killAt) child.kill('SIGKILL');
        }),
      );
      child.kill('SIGKILL');
      await exited;
      if (results.some((r) => r.status === 'rejected')) killedWithRequestsOpen += 1;
    }
    // The restart: recovery runs as the service opens the database.
    const { child, exited } = await startBuilt(dataDir);
    try {
      const db = new Database(path.join(dataDir, 'till-companion.db'), { readonly: true });
      const keys = new Set((db.prepare("SELECT record_key FROM outbox WHERE record_key LIKE 'K-%'").all() as { record_key: string }[]).map((r) => r.record_key));
      db.close();
      expect(acked.length).toBeGreaterThan(0);
      expect(acked.filter((id) => !keys.has(`${id}/${id}-1`)), 'acknowledged but lost').toEqual([]);
    } finally {
      child.kill('SIGTERM');
      await exited;
    }
    // The kills landed while requests were open, not only between rounds.
    expect(killedWithRequestsOpen).toBeGreaterThan(0);
  }, 120_000);
});
