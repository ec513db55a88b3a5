import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Companion } from '../../main/core/companion';
import { TYPE_NAME } from '../../main/core/outbox/codes';
import type { OutboxItem } from '../../main/core/outbox/outbox-store';
import type { ExportType } from '../../main/core/custobar/types';
import { makeCompanion } from '../helpers/companion';

const PENDING = 300_000;
const types: ExportType[] = ['customers', 'products', 'sales', 'shops', 'events'];

/**
 * The Status view with a long backlog: `status.get` reads the per-type counts kept in the same
 * transactions as every insert, claim, ack, release and dead-letter (never a count over the outbox),
 * and they always equal a full count.
 */
describe('status.get with 300,000 pending records', () => {
  let companion: Companion;

  const fullCount = (): Record<string, { pending: number; inFlight: number; dead: number }> => {
    const rows = companion.exports.db.prepare('SELECT type, state, count(*) AS n FROM outbox GROUP BY type, state').all() as { type: number; state: number; n: number }[];
    const out = Object.fromEntries(types.map((t) => [t, { pending: 0, inFlight: 0, dead: 0 }]));
    for (const r of rows) out[TYPE_NAME[r.type]!]![(['pending', 'inFlight', 'dead'] as const)[r.state]!] = r.n;
    return out;
  };
  const fromStatus = async (): Promise<Record<string, { pending: number; inFlight: number; dead: number }>> => {
    const status = await companion.api['status.get']({});
    return Object.fromEntries(status.exports!.types.map((t) => [t.type, { pending: t.pending, inFlight: t.inFlight, dead: t.dead }]));
  };

  // The status view keeps its answer for a second; changes made here behind the core's back show after it.
  const pastCache = () => new Promise((resolve) => setTimeout(resolve, 1100));

  beforeAll(async () => {
    // No Custobar configured: nothing is sent, so the backlog stays as it is built here.
    companion = await makeCompanion();
    const store = companion.exports.store;
    for (let i = 0; i < PENDING; i += 10_000) {
      store.enqueue(
        Array.from({ length: 10_000 }, (_, j): OutboxItem => {
          const n = i + j;
          const type = types[n % 5]!;
          return { type, key: `K-${n}`, record: { external_id: `K-${n}` } };
        }),
      );
    }
  }, 120_000);

  afterAll(async () => {
    await companion?.close();
  });

  it('answers with the maintained counts, equal to a full count, through claims, acks, releases and dead letters', async () => {
    expect(await fromStatus()).toEqual(fullCount());
    expect((await fromStatus()).customers!.pending).toBe(PENDING / 5);

    const store = companion.exports.store;
    const claimed = store.claim('products', 500, Number.MAX_SAFE_INTEGER);
    store.ack('products', claimed.slice(0, 200).map((r) => r.seq));
    store.release(claimed.slice(200, 300).map((r) => r.seq), 60_000, 'test', true);
    store.deadLetter(claimed[300]!.seq, 'refused');
    // 199 still in flight, 1 dead, 100 back to waiting, 200 gone.
    await pastCache();
    const after = await fromStatus();
    expect(after.products).toEqual({ pending: PENDING / 5 - 400, inFlight: 199, dead: 1 });
    expect(after).toEqual(fullCount());
  });

  it('reads those counts, not the rows: a count changed behind the outbox’s back shows in status.get', async () => {
    const db = companion.exports.db;
    db.prepare('UPDATE outbox_counts SET n = n + 7 WHERE type = 3 AND state = 0').run();
    await pastCache();
    try {
      expect((await fromStatus()).sales!.pending).toBe(fullCount().sales!.pending + 7);
    } finally {
      db.prepare('UPDATE outbox_counts SET n = n - 7 WHERE type = 3 AND state = 0').run();
    }
    await pastCache();
    expect(await fromStatus()).toEqual(fullCount());
  });

  it('finds the oldest waiting record and the next due time by index, not by scanning the backlog', () => {
    const db = companion.exports.db;
    const plan = (sql: string) => (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[]).map((r) => r.detail).join(' | ');
    expect(plan('SELECT created_at FROM outbox WHERE type = 1 AND state = 0 ORDER BY seq LIMIT 1')).toMatch(/USING (COVERING )?INDEX/);
    expect(plan('SELECT min(next_attempt_at) AS at FROM outbox WHERE type = 1 AND state = 0')).toMatch(/USING (COVERING )?INDEX outbox_due/);
  });
});
