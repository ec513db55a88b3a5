import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../main/core/db/database';
import { PermissionStore, type IncomingPermission } from '../../../main/core/permissions/permission-store';
import { PermissionFiles } from '../../../main/core/permissions/permission-files';
import { toIncoming } from '../../../main/core/permissions/incoming';
import { createMemoryLogger } from '../../../main/core/logging/logger';
import { tempDir } from '../../helpers/service-process';

function setup(inOutbox: (key: string) => boolean = () => false) {
  let clock = Date.parse('2026-12-01T10:00:00Z');
  const db = openDatabase(path.join(tempDir('perm-store-'), 'till-companion.db'));
  const gone: IncomingPermission[] = [];
  const store = new PermissionStore(db, () => clock, () => 60 * 60_000, inOutbox, (who) => gone.push(who));
  return { db, store, gone, advance: (ms: number) => (clock += ms) };
}

const from = (r: Record<string, unknown>) => toIncoming(r, 'FI')!;

describe('the permission snapshot', () => {
  it('keeps a consent a record does not report, and records a change only when a consent changes', () => {
    const { store } = setup();
    expect(store.apply([from({ external_id: 'C-1', phone_number: '+358401111111', can_sms: true, can_email: true })], 'poll')).toEqual({ applied: 1, changes: 1, purged: 0 });
    // The webhook sends no can_email this time: it stays true; the same state again is no change.
    expect(store.apply([from({ external_id: 'C-1', can_sms: true })], 'webhook')).toMatchObject({ changes: 0 });
    expect(store.apply([from({ external_id: 'C-1', can_sms: false, can_email: null })], 'webhook')).toMatchObject({ changes: 1 });
    expect(store.latest({ externalId: 'C-1', phone: null })).toMatchObject({ consents: { can_sms: false, can_email: true, can_post: null }, source: 'webhook' });
    expect(store.changesSince(0, 10).map((c) => c.change.phone_number)).toEqual(['+358401111111']);
  });

  it('a customer who joined by phone keeps one entry when Custobar gives them an id', () => {
    const { store } = setup();
    store.recordTill({ externalId: null, phone: '+358402222222', email: null }, { can_sms: true }, 'phone:+358402222222');
    store.apply([from({ external_id: 'C-2', phone_number: '+358402222222', can_sms: true, can_email: false })], 'poll');
    const feed = store.changesSince(0, 10).map((c) => c.change);
    expect(feed).toHaveLength(1);
    expect(feed[0]).toMatchObject({ external_id: 'C-2', phone_number: '+358402222222', can_sms: true, can_email: false, source: 'poll' });
    expect(store.byPhone('+358402222222')).toEqual({ externalId: 'C-2', email: null });
  });

  it('a till change holds while its upload is in the outbox, then for the hold time, unless Custobar confirms it', () => {
    let queued = true;
    const { store, advance } = setup(() => queued);
    store.apply([from({ external_id: 'C-3', phone_number: '+358403333333', can_sms: true })], 'poll');
    store.recordTill({ externalId: 'C-3', phone: '+358403333333', email: null }, { can_sms: false }, 'C-3');
    const custobarSaysYes = () => store.apply([from({ external_id: 'C-3', phone_number: '+358403333333', can_sms: true })], 'poll');
    expect(custobarSaysYes()).toMatchObject({ applied: 0, changes: 0 });
    advance(24 * 3_600_000);
    expect(custobarSaysYes()).toMatchObject({ applied: 0 });
    // Delivered: the hold runs for an hour from when the app noticed, then Custobar's state counts again.
    queued = false;
    expect(custobarSaysYes()).toMatchObject({ applied: 0 });
    advance(59 * 60_000);
    expect(custobarSaysYes()).toMatchObject({ applied: 0 });
    expect(store.latest({ externalId: 'C-3', phone: null })?.consents.can_sms).toBe(false);
    advance(2 * 60_000);
    expect(custobarSaysYes()).toMatchObject({ applied: 1, changes: 1 });
    expect(store.holdCount()).toBe(0);

    // Confirmed by Custobar: the hold ends at once.
    queued = true;
    store.recordTill({ externalId: 'C-3', phone: '+358403333333', email: null }, { can_sms: false }, 'C-3');
    store.apply([from({ external_id: 'C-3', phone_number: '+358403333333', can_sms: false })], 'poll');
    expect(store.holdCount()).toBe(0);
  });

  it('a forgotten customer leaves the snapshot and the feed, and the rest of the till is told', () => {
    const { store, gone } = setup();
    store.apply([from({ external_id: 'C-4', phone_number: '+358404444444', can_sms: true }), from({ external_id: 'C-5', can_sms: true })], 'poll');
    expect(store.apply([from({ external_id: 'C-4', is_forgotten: true })], 'poll')).toMatchObject({ purged: 1 });
    expect(store.changesSince(0, 10).map((c) => c.change.external_id)).toEqual(['C-5']);
    expect(gone.map((g) => g.externalId)).toEqual(['C-4']);
  });

  it('reads phone numbers in any spelling, and ignores records that name nobody', () => {
    expect(toIncoming({ phone_number: '040 123 4567' }, 'FI')?.phone).toBe('+358401234567');
    expect(toIncoming({ phone_number: 'not a phone', can_sms: true }, 'FI')).toBeNull();
    expect(toIncoming(['a list'], 'FI')).toBeNull();
    expect(toIncoming({ email: ' Someone@Example.FI ', is_deleted: true }, 'FI')).toMatchObject({ email: 'someone@example.fi', gone: true });
  });
});

describe('the POS folder', () => {
  it('writes each batch once under its final name, and again after a failed write', async () => {
    const { store } = setup();
    const dir = path.join(tempDir('perm-files-'), 'out');
    let now = new Date('2026-12-01T10:00:00.000Z');
    const files = new PermissionFiles(store, () => dir, createMemoryLogger(), () => now);
    store.apply([from({ external_id: 'C-1', can_sms: true }), from({ external_id: 'C-2', can_sms: false })], 'poll');
    await files.flush();
    await files.flush();
    expect(fs.readdirSync(dir)).toEqual(['permissions-20261201T100000000Z.jsonl']);
    // The folder becomes a file: the write fails, nothing is marked written, and the next flush retries.
    store.apply([from({ external_id: 'C-1', can_sms: false })], 'poll');
    fs.rmSync(dir, { recursive: true });
    fs.writeFileSync(dir, 'in the way');
    await files.flush();
    expect(files.lastError).toMatch(/EEXIST|ENOTDIR/);
    fs.rmSync(dir);
    now = new Date('2026-12-01T10:05:00.000Z');
    await files.flush();
    expect(fs.readdirSync(dir)).toEqual(['permissions-20261201T100500000Z.jsonl']);
    expect(fs.readFileSync(path.join(dir, 'permissions-20261201T100500000Z.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l).external_id)).toEqual(['C-1']);
  });
});
