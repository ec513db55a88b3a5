import type { ExportType } from '../custobar/types';

export type UpstreamService = 'custobar' | 'benefits';

/** What a scrape reads from the running app at that moment. */
export interface MetricsState {
  outbox(): { type: ExportType; pending: number; dead: number; oldestPendingAt: string | null }[];
  /** The configured scanner's kind and whether it is connected; null when none is configured (no series is shown). */
  scanner(): { kind: string; connected: boolean } | null;
  /** null: not tried yet, or not configured (no series is shown). */
  upstreamUp(service: UpstreamService): boolean | null;
  info(): { version: string; shopId: string; tillId: string; mode: 'desktop' | 'service' };
  now(): number;
}

export interface MetricsSnapshot {
  contentType: string;
  text: string;
}
