import { randomUUID } from 'node:crypto';
import type { PairingMatch, ScanRecord, ScanSource } from '../../../preload/schemas/scanning';
import type { CardRule } from './card-rules';
import { applyCardRule, decodePayload, previewOf } from './card-rules';

/** What a driver (or the UI, for manual and wedge input) hands in. */
export interface RawScan {
  source: ScanSource;
  /** Bytes as read from the device, or text for manual and wedge input. */
  bytes?: Uint8Array;
  text?: string;
  symbology?: string;
  device?: string;
  /** The device's identity, offered to pairing if this scan is the pairing code. */
  identity?: PairingMatch;
  /** Set by a driver that already knows the read is unusable (e.g. an overlong serial frame). */
  refused?: { code: string; reason: string };
}

export interface IntakeOptions {
  rule: () => CardRule;
  sameCardWindowMs: () => number;
  now?: () => Date;
  /** Returns true when pairing consumed the scan (it was the pairing code). */
  pairing?: (text: string, raw: RawScan) => boolean;
  keep?: number;
}

/**
 * Every scan, from any source, goes through here: payload checks → pairing → card rules →
 * same-checkout detection → the recent list and the `scan` listeners.
 */
export class ScanIntake {
  private readonly recent: ScanRecord[] = [];
  private last: { cardId: string; at: number; checkoutId: string } | null = null;
  private readonly listeners = new Set<(scan: ScanRecord) => void>();
  private readonly now: () => Date;
  private readonly keep: number;

  constructor(private readonly options: IntakeOptions) {
    this.now = options.now ?? (() => new Date());
    this.keep = options.keep ?? 50;
  }

  onScan(listener: (scan: ScanRecord) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  recentScans(): ScanRecord[] {
    return [...this.recent];
  }

  receive(raw: RawScan): ScanRecord | null {
    const at = this.now();
    const base = { id: randomUUID(), at: at.toISOString(), source: raw.source, device: raw.device, symbology: raw.symbology, repeat: false };
    if (raw.refused) return this.record({ ...base, accepted: false, reason: raw.refused.reason, reasonCode: raw.refused.code });

    let text = raw.text;
    if (text === undefined) {
      const decoded = decodePayload(raw.bytes ?? new Uint8Array());
      if (!decoded.ok) return this.record({ ...base, accepted: false, reason: decoded.reason, reasonCode: decoded.code });
      text = decoded.text;
    }
    if (this.options.pairing?.(text, raw)) return null;

    const result = applyCardRule(text, this.options.rule());
    const symbology = raw.symbology ?? result.symbology;
    if (!result.ok) {
      return this.record({ ...base, symbology, accepted: false, reason: result.reason, reasonCode: result.code, ...(result.params ? { reasonParams: result.params } : {}), preview: previewOf(text) });
    }
    const windowMs = this.options.sameCardWindowMs();
    const repeat = this.last !== null && this.last.cardId === result.cardId && at.getTime() - this.last.at <= windowMs;
    const checkoutId = repeat ? this.last!.checkoutId : randomUUID();
    this.last = { cardId: result.cardId, at: at.getTime(), checkoutId };
    return this.record({ ...base, symbology, accepted: true, cardId: result.cardId, repeat, checkoutId });
  }

  /** A new customer at the till: the next scan of any card starts a new checkout. */
  resetCheckout(): void {
    this.last = null;
  }

  private record(scan: ScanRecord): ScanRecord {
    const clean = Object.fromEntries(Object.entries(scan).filter(([, v]) => v !== undefined)) as ScanRecord;
    this.recent.unshift(clean);
    if (this.recent.length > this.keep) this.recent.length = this.keep;
    for (const listener of this.listeners) listener(clean);
    return clean;
  }
}
