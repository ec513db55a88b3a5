/**
 * What capabilities report to the fleet metrics (main/core/metrics): events where they happen. Kept
 * here, beside the rest of the shared context, so the outbox, redemptions and checkout can report
 * without depending on the metrics folder, which reads all of them.
 */
export type RedemptionOutcome = 'committed' | 'rejected' | 'voided' | 'offline_queued' | 'conflict';
export type ScanResult = 'accepted' | 'rejected';

export interface MetricsRecorder {
  scan(result: ScanResult): void;
  scanToBenefits(seconds: number): void;
  redemption(outcome: RedemptionOutcome): void;
  /** `type`: an export type (customers, products, sales, shops, events). */
  sent(type: string, records: number): void;
  failed(type: string, records: number): void;
}

/** Metrics off (and test contexts): every report is dropped. */
export const NO_METRICS: MetricsRecorder = {
  scan: () => undefined,
  scanToBenefits: () => undefined,
  redemption: () => undefined,
  sent: () => undefined,
  failed: () => undefined,
};
