import { describe, expect, it } from 'vitest';
import { mapLines } from '../../../main/core/diagnostics/slices';
import { zipAsync } from '../../../main/core/diagnostics/zip-file';

/**
 * Counts the turns other work (a scan, a checkout request) gets while `work` runs. The work below
 * does no I/O, so every turn is one it gave up on purpose.
 */
async function turnsDuring(work: () => Promise<unknown>): Promise<number> {
  let turns = 0;
  let running = true;
  const other = (): void => {
    turns += 1;
    if (running) setImmediate(other);
  };
  setImmediate(other);
  await work();
  running = false;
  return turns;
}

const text = Array.from({ length: 40_000 }, (_, i) => `{"msg":"line ${i}"}`).join('\n'); // ~800 kB

describe('long work gives the event loop turns', () => {
  // At least one turn per two slices: the exact count depends on where line ends fall.
  it('mapLines yields after its slices, and only then', async () => {
    expect(await turnsDuring(() => mapLines(text, (l) => l.toUpperCase(), 16 * 1024))).toBeGreaterThanOrEqual(Math.floor(text.length / (2 * 16 * 1024)));
    // The same work in one slice gives none: the count above comes from the slicing.
    expect(await turnsDuring(() => mapLines(text, (l) => l.toUpperCase(), Number.POSITIVE_INFINITY))).toBeLessThanOrEqual(1);
  });

  it('mapLines keeps every line and line break', async () => {
    expect(await mapLines('a\nb\n\nc\n', (l) => `<${l}>`, 1)).toBe('<a>\n<b>\n\n<c>\n');
  });

  it('zipAsync yields between chunks of a large entry', async () => {
    const data = new TextEncoder().encode(text);
    expect(await turnsDuring(() => zipAsync({ 'big.log': data }, new Date()))).toBeGreaterThanOrEqual(Math.floor(data.length / (2 * 64 * 1024)));
  });
});
