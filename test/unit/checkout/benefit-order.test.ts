import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mergeStable } from '../../../main/core/checkout/benefit-order';

const b = (id: string, value = 1) => ({ id, value });

describe('a benefit keeps its number for the whole checkout', () => {
  it('keeps a benefit that drops out of the list at its place, with its last data, marked unlisted', () => {
    const merged = mergeStable([b('A', 20), b('B'), b('C')], [b('B'), b('C')]);
    expect(merged).toEqual([
      { item: b('A', 20), listed: false },
      { item: b('B'), listed: true },
      { item: b('C'), listed: true },
    ]);
  });

  it('takes the fresh data of a benefit still listed, whatever order the service answers in', () => {
    const merged = mergeStable([b('A', 5), b('B', 3)], [b('B', 2), b('A', 4)]);
    expect(merged.map((m) => [m.item.id, m.item.value, m.listed])).toEqual([
      ['A', 4, true],
      ['B', 2, true],
    ]);
  });

  it('adds new benefits at the end, in the service’s order; the first list is taken as it is', () => {
    expect(mergeStable([], [b('X'), b('Y')]).map((m) => m.item.id)).toEqual(['X', 'Y']);
    expect(mergeStable([b('A'), b('B')], [b('N'), b('B'), b('M')]).map((m) => [m.item.id, m.listed])).toEqual([
      ['A', false],
      ['B', true],
      ['N', true],
      ['M', true],
    ]);
  });

  it('property: every benefit once shown keeps its index over any sequence of lists, and no id is listed twice', () => {
    const ids = fc.constantFrom('A', 'B', 'C', 'D', 'E', 'F');
    const list = fc.uniqueArray(ids, { maxLength: 6 }).map((xs) => xs.map((id) => b(id)));
    fc.assert(
      fc.property(fc.array(list, { minLength: 1, maxLength: 8 }), (lists) => {
        let known: { id: string; value: number }[] = [];
        const placeOf = new Map<string, number>();
        for (const fresh of lists) {
          const merged = mergeStable(known, fresh);
          known = merged.map((m) => m.item);
          expect(new Set(known.map((k) => k.id)).size).toBe(known.length);
          known.forEach((k, i) => {
            if (placeOf.has(k.id)) expect(i).toBe(placeOf.get(k.id));
            else placeOf.set(k.id, i);
          });
          expect(merged.filter((m) => m.listed).map((m) => m.item.id).sort()).toEqual(fresh.map((f) => f.id).sort());
        }
      }),
    );
  });
});
