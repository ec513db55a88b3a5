import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { Warnings } from '../../../main/core/context/warnings';
import { DiskGuard } from '../../../main/core/outbox/disk-guard';
import { fieldProblems } from '../../../main/core/settings/field-errors';
import { tempDir } from '../../helpers/service-process';

describe('codes and values beside the core’s English text', () => {
  it('the outbox warnings carry the sizes in bytes and which of the two texts it is', () => {
    const file = path.join(tempDir(), 'db.sqlite');
    fs.writeFileSync(file, Buffer.alloc(900_000));
    const warnings = new Warnings();
    let cap = 1_000_000;
    const guard = new DiskGuard(file, () => cap, warnings);
    guard.check();
    const early = warnings.list().find((w) => w.code === 'outbox_disk')!;
    expect(early.message).toMatch(/^The outbox uses/);
    expect(early.params).toEqual({ usedBytes: expect.any(Number), capBytes: 1_000_000 });
    expect(early.params!.usedBytes).toBeGreaterThanOrEqual(900_000);
    cap = 500_000;
    expect(() => guard.check()).toThrow(/outbox is full/);
    expect(warnings.list().find((w) => w.code === 'outbox_disk')!.params).toMatchObject({ variant: 'full', capBytes: 500_000 });
    cap = 100_000_000;
    guard.check();
    expect(warnings.list()).toEqual([]);
  });

  it('a warning without values has no params, so older clients see the same shape', () => {
    const warnings = new Warnings();
    warnings.raise('offline_conflict', 'An offline redemption was refused');
    expect(warnings.list()[0]).toEqual({ code: 'offline_conflict', message: 'An offline redemption was refused', at: expect.any(String) });
  });

  it('refused settings name the limit of a range and what it counts', () => {
    const schema = z.object({ a: z.number().min(5), b: z.string().max(3), c: z.enum(['x', 'y']) });
    const parsed = schema.safeParse({ a: 1, b: 'long', c: 'z' });
    expect(parsed.success).toBe(false);
    const problems = fieldProblems(parsed.error!);
    expect(problems.find((p) => p.path === 'a')).toMatchObject({ code: 'too_small', limit: 5, origin: 'number' });
    expect(problems.find((p) => p.path === 'b')).toMatchObject({ code: 'too_big', limit: 3, origin: 'string' });
    expect(problems.find((p) => p.path === 'c')).toMatchObject({ code: 'invalid_value' });
    expect(problems.find((p) => p.path === 'c')!.limit).toBeUndefined();
  });
});
