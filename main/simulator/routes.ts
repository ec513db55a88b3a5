import type { IncomingMessage } from 'node:http';
import { fingerprint, type SimulatorState } from './state';
import { readPage, type ReadSource } from './reads';
import { recordKey, uploadTypes, validateRecord, type UploadType } from './validate';
import type { FaultArea } from './faults';

export interface Reply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

const error = (status: number, reason: string): Reply => ({ status, body: { error: { reason } } });

/** POST /api/<type>/upload/ — Custobar's upload endpoint: a list, or the wrapped {"<type>":[…]} form. */
export function handleUpload(state: SimulatorState, type: UploadType, payload: unknown, rejectKeys: readonly string[] = []): Reply & { records: number } {
  const reply = checkAndStore(state, type, payload, rejectKeys);
  const records = reply.status === 200 && Array.isArray(payload) ? payload.length : countWrapped(payload, type);
  return { ...reply, records };
}

function countWrapped(payload: unknown, type: UploadType): number {
  const list = payload && typeof payload === 'object' ? (payload as Record<string, unknown>)[type] : undefined;
  return Array.isArray(list) ? list.length : 0;
}

function checkAndStore(state: SimulatorState, type: UploadType, payload: unknown, rejectKeys: readonly string[]): Reply {
  let records: unknown;
  if (Array.isArray(payload)) {
    if (type === 'shops') return error(400, 'shops must be sent wrapped as {"shops": [...]}');
    records = payload;
  } else if (payload && typeof payload === 'object' && type in payload) {
    records = (payload as Record<string, unknown>)[type];
  } else {
    return error(400, `expected a JSON list or {"${type}": [...]}`);
  }
  if (!Array.isArray(records)) return error(400, `"${type}" must be a list`);
  // One bad record fails the whole request, as the real service does: the client must find it.
  for (let i = 0; i < records.length; i += 1) {
    const problem = validateRecord(type, records[i]);
    if (problem) return error(400, `${type}[${i}]: ${problem}`);
    if (rejectKeys.length && rejectKeys.includes(recordKey(type, records[i] as Record<string, unknown>))) {
      return error(400, `${type}[${i}]: refused by the account's rules`);
    }
  }
  state.store(type, records as Record<string, unknown>[]);
  return { status: 200, body: { response: 'ok' } };
}

/** GET /api/data/<type>/?field=value&fields=a,b&limit=N — filtered reads with next_url paging. */
export function handleDataRead(sourcesFor: (filterFields: string[]) => readonly ReadSource[], type: UploadType, url: URL, origin: string): Reply {
  const limit = Math.min(10000, Math.max(1, Number(url.searchParams.get('limit') ?? 100) || 100));
  const offset = Math.max(0, Number(url.searchParams.get('offset') ?? 0) || 0);
  const fields = url.searchParams.get('fields')?.split(',').filter(Boolean);
  const filters = [...url.searchParams.entries()].filter(([k]) => !['limit', 'offset', 'fields'].includes(k));
  const { rows, more } = readPage(sourcesFor(filters.map(([f]) => f)), filters, offset, limit);
  const body: Record<string, unknown> = { [type]: rows.map(({ rec, source }) => source.project(rec, fields)) };
  if (more) {
    const next = new URL(url.pathname + url.search, origin);
    next.searchParams.set('offset', String(offset + limit));
    next.searchParams.set('limit', String(limit));
    body.next_url = next.toString();
  }
  return { status: 200, body };
}

/** GET /benefits/?phone_number=… */
export function handleBenefitList(state: SimulatorState, url: URL, today: string): Reply {
  const phone = url.searchParams.get('phone_number');
  if (!phone) return error(400, 'phone_number is required');
  const benefits = [...state.benefits.values()]
    .filter((b) => b.phone_number === phone && b.valid_until >= today && (b.uses_left === null || b.uses_left > 0))
    .map(({ phone_number: _p, ...b }) => b);
  return { status: 200, body: { benefits } };
}

/**
 * Runs `produce` once per Idempotency-Key: a retry gets the first reply replayed (errors included),
 * and the same key with a different body gets 422, so a client bug cannot redeem something else.
 */
function idempotent(state: SimulatorState, scope: string, key: string | undefined, body: unknown, produce: () => Reply): Reply {
  if (!key || key.length > 255) return error(400, 'Idempotency-Key header is required');
  const fp = fingerprint([scope, body]);
  const stored = state.idempotency.get(key);
  if (stored) {
    if (stored.fingerprint !== fp) return error(422, 'Idempotency-Key was already used with a different request');
    return { status: stored.status, body: stored.body, headers: { 'Idempotent-Replayed': 'true' } };
  }
  const reply = produce();
  if (reply.status < 500) state.idempotency.set(key, { fingerprint: fp, status: reply.status, body: reply.body });
  return reply;
}

const str = (v: unknown): v is string => typeof v === 'string' && v.length > 0 && v.length <= 200;

/** POST /benefits/{id}/redemptions/ */
export function handleRedeem(state: SimulatorState, benefitId: string, key: string | undefined, body: unknown, today: string): Reply {
  return idempotent(state, `redeem:${benefitId}`, key, body, () => {
    const b = body as Record<string, unknown> | undefined;
    if (!b || !str(b.phone_number) || !str(b.shop_id) || !str(b.till_id) || !str(b.redeemed_at)) {
      return error(400, 'phone_number, shop_id, till_id and redeemed_at are required');
    }
    const benefit = state.benefits.get(benefitId);
    if (!benefit) return error(404, 'Benefit not found');
    if (benefit.phone_number !== b.phone_number) return error(409, 'This benefit belongs to another customer');
    if (benefit.valid_until < today) return error(409, `This benefit expired on ${benefit.valid_until}`);
    if (benefit.uses_left !== null && benefit.uses_left <= 0) return error(409, 'This benefit has already been used');
    if (benefit.uses_left !== null) benefit.uses_left -= 1;
    const redemption = {
      id: state.nextRedemptionId(),
      benefit_id: benefitId,
      status: 'committed' as const,
      phone_number: b.phone_number,
      shop_id: b.shop_id,
      till_id: b.till_id,
      redeemed_at: b.redeemed_at,
    };
    state.redemptions.set(redemption.id, redemption);
    return { status: 201, body: { redemption: { id: redemption.id, benefit_id: benefitId, status: 'committed' } } };
  });
}

/** POST /redemptions/{id}/void/ */
export function handleVoid(state: SimulatorState, redemptionId: string, key: string | undefined, body: unknown): Reply {
  return idempotent(state, `void:${redemptionId}`, key, body, () => {
    const reason = (body as Record<string, unknown> | undefined)?.reason;
    if (!str(reason)) return error(400, 'reason is required');
    const redemption = state.redemptions.get(redemptionId);
    if (!redemption) return error(404, 'Redemption not found');
    if (redemption.status === 'voided') return error(409, 'This redemption is already voided');
    redemption.status = 'voided';
    redemption.void_reason = reason;
    const benefit = state.benefits.get(redemption.benefit_id);
    if (benefit && benefit.uses_left !== null) benefit.uses_left += 1;
    return { status: 200, body: { redemption: { id: redemption.id, status: 'voided' } } };
  });
}

export function parseUploadType(value: string | undefined): UploadType | null {
  return uploadTypes.find((t) => t === value) ?? null;
}

export const headerValue = (req: IncomingMessage, name: string): string | undefined => {
  const v = req.headers[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
};


/** A matched simulator route: which fault area it belongs to, and what it answers. */
export interface Route {
  area: FaultArea | 'control';
  run: (req: IncomingMessage, url: URL) => Promise<Reply>;
}
