/**
 * Fault injection for the simulator. Each area (uploads, data API, benefits) has its own knobs, set
 * at start (--faults JSON) and changed at runtime (POST /__sim/faults), so tests can reproduce every
 * way a real network or Custobar can fail.
 */
/** uploads and data: Custobar; benefits: the benefit list; redemptions: redeem and void calls. */
export type FaultArea = 'uploads' | 'data' | 'benefits' | 'redemptions';
export const faultAreas: readonly FaultArea[] = ['uploads', 'data', 'benefits', 'redemptions'];

export interface AreaFaults {
  /** Probability (0..1) of a 503 before anything is stored. */
  error5xx: number;
  /** Probability of a 429 with Retry-After before anything is stored. */
  rateLimit: number;
  retryAfterSec: number;
  /** Probability the connection is reset before the request is processed. */
  resetBeforeReply: number;
  /** Probability the request is committed and then the connection reset: the reply is lost. */
  commitThenReset: number;
  /** Probability the request is committed and the reply then never comes (client must time out). */
  timeoutAfterCommit: number;
  /** Added latency before every request in this area. */
  latencyMs: number;
  /** Refuse every request by resetting the connection, as if the service were unreachable. */
  down: boolean;
  /** Uploads containing a record with one of these keys are refused with 400 (a poison record). */
  rejectKeys: string[];
}

export type FaultConfig = Record<FaultArea, AreaFaults>;
export type FaultPatch = Partial<Record<FaultArea, Partial<AreaFaults>>> & { all?: Partial<AreaFaults> };

export const noFaults = (): AreaFaults => ({
  error5xx: 0,
  rateLimit: 0,
  retryAfterSec: 1,
  resetBeforeReply: 0,
  commitThenReset: 0,
  timeoutAfterCommit: 0,
  latencyMs: 0,
  down: false,
  rejectKeys: [],
});

const clampProbability = (n: unknown, fallback: number): number =>
  typeof n === 'number' && Number.isFinite(n) ? Math.min(1, Math.max(0, n)) : fallback;

function mergeArea(current: AreaFaults, patch: Partial<AreaFaults> | undefined): AreaFaults {
  if (!patch) return current;
  return {
    error5xx: clampProbability(patch.error5xx, current.error5xx),
    rateLimit: clampProbability(patch.rateLimit, current.rateLimit),
    retryAfterSec: typeof patch.retryAfterSec === 'number' && patch.retryAfterSec >= 0 ? patch.retryAfterSec : current.retryAfterSec,
    resetBeforeReply: clampProbability(patch.resetBeforeReply, current.resetBeforeReply),
    commitThenReset: clampProbability(patch.commitThenReset, current.commitThenReset),
    timeoutAfterCommit: clampProbability(patch.timeoutAfterCommit, current.timeoutAfterCommit),
    latencyMs: typeof patch.latencyMs === 'number' && patch.latencyMs >= 0 ? patch.latencyMs : current.latencyMs,
    down: typeof patch.down === 'boolean' ? patch.down : current.down,
    rejectKeys: Array.isArray(patch.rejectKeys) ? patch.rejectKeys.map(String) : current.rejectKeys,
  };
}

export function applyFaultPatch(config: FaultConfig, patch: FaultPatch): FaultConfig {
  const next = { ...config };
  for (const area of faultAreas) next[area] = mergeArea(mergeArea(config[area], patch.all), patch[area]);
  return next;
}

export const initialFaults = (): FaultConfig => ({ uploads: noFaults(), data: noFaults(), benefits: noFaults(), redemptions: noFaults() });

/** Deterministic PRNG (mulberry32) so a failing fault run can be replayed with the same seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** What to do with one request, decided up front. */
export type FaultDecision = 'pass' | 'reset' | '5xx' | '429' | 'commitThenReset' | 'timeoutAfterCommit';

export function decideFault(faults: AreaFaults, random: () => number): FaultDecision {
  if (faults.down) return 'reset';
  if (random() < faults.resetBeforeReply) return 'reset';
  if (random() < faults.error5xx) return '5xx';
  if (random() < faults.rateLimit) return '429';
  if (random() < faults.commitThenReset) return 'commitThenReset';
  if (random() < faults.timeoutAfterCommit) return 'timeoutAfterCommit';
  return 'pass';
}
