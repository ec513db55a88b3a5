import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RetrySchedule, RetryTimer, backoffDelay, delayFor, type RetryPolicy } from '../../../main/core/common/retry';

const fixed = (r: number) => () => r;

describe('backoffDelay', () => {
  it('doubles from initialMs without jitter', () => {
    const policy: RetryPolicy = { initialMs: 250, maxMs: 1_000_000, jitter: 0 };
    expect([0, 1, 2, 3, 4].map((a) => backoffDelay(a, policy))).toEqual([250, 500, 1000, 2000, 4000]);
  });

  it('treats a negative attempt as the first', () => {
    expect(backoffDelay(-3, { initialMs: 250, maxMs: 10_000, jitter: 0 })).toBe(250);
  });

  it('is capped at maxMs, however many attempts', () => {
    const policy: RetryPolicy = { initialMs: 250, maxMs: 10_000, jitter: 0 };
    expect(backoffDelay(5, policy)).toBe(8000);
    expect(backoffDelay(6, policy)).toBe(10_000);
    expect(backoffDelay(1000, policy)).toBe(10_000);
  });

  it('uses the given factor', () => {
    expect(backoffDelay(3, { initialMs: 100, maxMs: 1_000_000, factor: 3, jitter: 0 })).toBe(2700);
  });

  it('takes off up to `jitter` of the capped delay', () => {
    const base = { initialMs: 1000, maxMs: 4000 };
    // jitter 0.3: random 0 → the whole cap, random 1 → 70 % of it.
    expect(backoffDelay(1, { ...base, jitter: 0.3, random: fixed(0) })).toBe(2000);
    expect(backoffDelay(1, { ...base, jitter: 0.3, random: fixed(1) })).toBe(1400);
    expect(backoffDelay(1, { ...base, jitter: 0.3, random: fixed(0.5) })).toBe(1700);
    // Full jitter: anywhere in [0, cap], the cap still applying.
    expect(backoffDelay(10, { ...base, jitter: 1, random: fixed(0) })).toBe(4000);
    expect(backoffDelay(10, { ...base, jitter: 1, random: fixed(1) })).toBe(0);
    // The default jitter is 0.5.
    expect(backoffDelay(0, { ...base, random: fixed(1) })).toBe(500);
  });

  it('stays within the jitter bounds for any random draw', () => {
    const policy = { initialMs: 500, maxMs: 15_000, jitter: 0.3 };
    for (let attempt = 0; attempt < 12; attempt += 1) {
      const cap = Math.min(15_000, 500 * 2 ** attempt);
      for (const r of [0, 0.25, 0.5, 0.75, 0.999, 1]) {
        const d = backoffDelay(attempt, { ...policy, random: fixed(r) });
        expect(d).toBeGreaterThanOrEqual(Math.floor(cap * 0.7));
        expect(d).toBeLessThanOrEqual(cap);
      }
    }
  });
});

describe('delayFor', () => {
  const policy: RetryPolicy = { initialMs: 1000, maxMs: 300_000, jitter: 0 };

  it('is the backoff when the server said nothing', () => {
    expect(delayFor(3, policy)).toBe(8000);
    expect(delayFor(3, policy, null)).toBe(8000);
    expect(delayFor(3, policy, undefined)).toBe(8000);
  });

  it('lets Retry-After win, also when shorter than the backoff or 0', () => {
    expect(delayFor(3, policy, 7000)).toBe(7000);
    expect(delayFor(0, policy, 60_000)).toBe(60_000);
    expect(delayFor(5, policy, 0)).toBe(0);
  });

  it('does not draw a random number when Retry-After decides', () => {
    const random = vi.fn(() => 0.5);
    delayFor(2, { ...policy, jitter: 0.5, random }, 1234);
    expect(random).not.toHaveBeenCalled();
  });
});

describe('RetryTimer', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  const policy: RetryPolicy = { initialMs: 100, maxMs: 1000, jitter: 0 };

  it('waits longer each time, capped, and counts the attempts', () => {
    const timer = new RetryTimer(policy);
    const run = vi.fn();
    const delays: number[] = [];
    for (let i = 0; i < 6; i += 1) {
      delays.push(timer.schedule(run));
      vi.advanceTimersByTime(delays.at(-1)!);
    }
    expect(delays).toEqual([100, 200, 400, 800, 1000, 1000]);
    expect(timer.attempt).toBe(6);
    expect(run).toHaveBeenCalledTimes(6);
  });

  it('runs only once the delay has passed', () => {
    const timer = new RetryTimer(policy);
    const run = vi.fn();
    expect(timer.attempt).toBe(0);
    expect(timer.schedule(run)).toBe(100);
    expect(timer.attempt).toBe(1);
    vi.advanceTimersByTime(99);
    expect(run).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(run).toHaveBeenCalledTimes(1);
  });

  it('starts over from initialMs after succeeded()', () => {
    const timer = new RetryTimer(policy);
    timer.schedule(() => undefined);
    timer.schedule(() => undefined);
    expect(timer.schedule(() => undefined)).toBe(400);
    timer.succeeded();
    expect(timer.attempt).toBe(0);
    expect(timer.schedule(() => undefined)).toBe(100);
    expect(timer.attempt).toBe(1);
    timer.cancel();
  });

  it('cancel() stops a pending run, and keeps the attempt count', () => {
    const timer = new RetryTimer(policy);
    const run = vi.fn();
    timer.schedule(run);
    timer.cancel();
    vi.advanceTimersByTime(10_000);
    expect(run).not.toHaveBeenCalled();
    expect(timer.attempt).toBe(1);
    expect(timer.schedule(run)).toBe(200);
    timer.cancel();
  });

  it('schedule() replaces a pending run: only the last one runs', () => {
    const timer = new RetryTimer(policy);
    const first = vi.fn();
    const second = vi.fn();
    timer.schedule(first);
    timer.schedule(second);
    vi.advanceTimersByTime(10_000);
    expect(first).not.toHaveBeenCalled();
    expect(second).toHaveBeenCalledTimes(1);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('does not keep the process alive', () => {
    const unref = vi.fn();
    const spy = vi.spyOn(globalThis, 'setTimeout').mockImplementation((() => ({ unref })) as unknown as typeof setTimeout);
    try {
      new RetryTimer(policy).schedule(() => undefined);
      expect(unref).toHaveBeenCalledTimes(1);
    } finally {
      spy.mockRestore();
    }
  });

  it('applies the policy jitter', () => {
    const timer = new RetryTimer({ initialMs: 1000, maxMs: 10_000, jitter: 0.3, random: fixed(1) });
    expect(timer.schedule(() => undefined)).toBe(700);
    expect(timer.schedule(() => undefined)).toBe(1400);
    timer.cancel();
  });
});

describe('RetrySchedule', () => {
  const policy: RetryPolicy = { initialMs: 500, maxMs: 15_000, jitter: 0 };

  it('is due at once for a key never scheduled', () => {
    const schedule = new RetrySchedule<string>(policy, () => 1000);
    expect(schedule.isDue('r1')).toBe(true);
  });

  it('is not due until the backoff for the given attempts has passed', () => {
    let now = 10_000;
    const schedule = new RetrySchedule<string>(policy, () => now);
    expect(schedule.later('r1', 2)).toBe(2000);
    expect(schedule.isDue('r1')).toBe(false);
    now += 1999;
    expect(schedule.isDue('r1')).toBe(false);
    now += 1;
    expect(schedule.isDue('r1')).toBe(true);
  });

  it('keeps keys apart', () => {
    let now = 0;
    const schedule = new RetrySchedule<string>(policy, () => now);
    schedule.later('r1', 0);
    schedule.later('void:r1', 5);
    now = 500;
    expect(schedule.isDue('r1')).toBe(true);
    expect(schedule.isDue('void:r1')).toBe(false);
    expect(schedule.isDue('r2')).toBe(true);
  });

  it('a later failure moves the due time on; clear() makes it due again', () => {
    let now = 0;
    const schedule = new RetrySchedule<string>(policy, () => now);
    schedule.later('r1', 0);
    now = 500;
    schedule.later('r1', 1);
    expect(schedule.isDue('r1')).toBe(false);
    schedule.clear('r1');
    expect(schedule.isDue('r1')).toBe(true);
  });

  it('is capped and jittered by the policy', () => {
    let now = 0;
    const schedule = new RetrySchedule<number>({ ...policy, jitter: 0.3, random: fixed(1) }, () => now);
    expect(schedule.later(1, 100)).toBe(10_500);
    now = 10_499;
    expect(schedule.isDue(1)).toBe(false);
    now = 10_500;
    expect(schedule.isDue(1)).toBe(true);
  });

  it('uses Date.now by default', () => {
    vi.useFakeTimers({ now: 50_000 });
    try {
      const schedule = new RetrySchedule<string>(policy);
      schedule.later('r1', 0);
      expect(schedule.isDue('r1')).toBe(false);
      vi.setSystemTime(50_500);
      expect(schedule.isDue('r1')).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });
});
