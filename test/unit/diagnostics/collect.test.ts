import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { collect, type DiagnosticsSources } from '../../../main/core/diagnostics/collect';
import { manifest } from '../../../main/core/diagnostics/manifest';
import { Scrubber } from '../../../main/core/diagnostics/scrubber';
import type { CoreContext } from '../../../main/core/context/context';
import { tempDir } from '../../helpers/service-process';

const limits = { logBudgetBytes: 1024, maxDeadLetters: 1000 };

/** Dead letters as deadLetters.list pages them: newest first, at most 500 a page. */
function sources(totalDead: number, overrides: Partial<DiagnosticsSources> = {}): DiagnosticsSources & { pages: { limit: number; offset: number }[] } {
  const pages: { limit: number; offset: number }[] = [];
  return {
    pages,
    status: async () => ({ ok: true }),
    settings: () => ({ pinSet: false }),
    outboxCounts: () => ({ types: [] }),
    secrets: { get: () => undefined },
    deadLetters: async (page) => {
      expect(page.limit).toBeLessThanOrEqual(500);
      pages.push(page);
      const count = Math.max(0, Math.min(page.limit, totalDead - page.offset));
      return { total: totalDead, items: Array.from({ length: count }, (_, i) => ({ id: page.offset + i, record: { first_name: `N${page.offset + i}x` } })) };
    },
    ...overrides,
  };
}

const ctx = { config: { version: '1.2.3', mode: 'service', demo: false, platform: 'test' }, ids: () => ({ shopId: 'S', tillId: 'T' }) } as unknown as CoreContext;
const noLogs = (): string => path.join(tempDir(), 'logs');

describe('collecting the zip', () => {
  it('reads dead letters page by page up to the cap, and the manifest says how many were left out', async () => {
    const src = sources(1234);
    const got = await collect(src, noLogs(), new Scrubber([]), limits);
    expect(src.pages).toEqual([
      { limit: 500, offset: 0 },
      { limit: 500, offset: 500 },
    ]);
    const dead = JSON.parse(got.files.get('dead-letters.json')!) as { total: number; included: number; items: { record: { first_name: string } }[] };
    expect(dead).toMatchObject({ total: 1234, included: 1000 });
    expect(dead.items.every((d) => d.record.first_name === '[removed]')).toBe(true);
    const about = manifest(ctx, new Date(0), got, got.files, limits) as { cut: string[] };
    expect(about.cut).toEqual(['dead-letters.json: the newest 1000 of 1234 dead letters']);
  });

  it('stops at the last page when there are fewer', async () => {
    const src = sources(3);
    const got = await collect(src, noLogs(), new Scrubber([]), limits);
    expect(src.pages).toEqual([{ limit: 500, offset: 0 }]);
    expect(got.deadLetters).toEqual({ total: 3, included: 3 });
  });

  it('lists a part it could not read as missing and still collects the rest', async () => {
    const failing = sources(0, {
      status: async () => {
        throw new Error('database closed while reading +358401234567');
      },
    });
    const got = await collect(failing, noLogs(), new Scrubber([]), limits);
    expect([...got.files.keys()].sort()).toEqual(['dead-letters.json', 'outbox.json', 'settings.json']);
    expect(got.missing).toHaveLength(1);
    expect(got.missing[0]!.file).toBe('status.json');
    expect(got.missing[0]!.reason).toMatch(/^database closed while reading \+•+567$/);
  });
});
