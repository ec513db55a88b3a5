/**
 * A benefit keeps its place — and so its number, the key 1–9 that applies it — for the whole
 * checkout. The benefits service lists what is usable now: a single-use benefit just redeemed drops
 * out of the next list, and a refreshed list may come back in another order. Taking that list as it
 * is would renumber the rest, so pressing 1 twice would apply two different benefits.
 *
 * `known` is the order shown so far (with the latest data of each benefit), `fresh` the new list.
 * Benefits already shown keep their place and take the fresh data when listed again; new ones are
 * added at the end in the service's order. `listed` says whether the fresh list still has it.
 */
export function mergeStable<T extends { id: string }>(known: readonly T[], fresh: readonly T[]): { item: T; listed: boolean }[] {
  const byId = new Map(fresh.map((b) => [b.id, b] as const));
  const seen = new Set<string>();
  const out: { item: T; listed: boolean }[] = [];
  for (const old of known) {
    if (seen.has(old.id)) continue;
    seen.add(old.id);
    const now = byId.get(old.id);
    out.push(now ? { item: now, listed: true } : { item: old, listed: false });
  }
  for (const b of fresh) {
    if (seen.has(b.id)) continue;
    seen.add(b.id);
    out.push({ item: b, listed: true });
  }
  return out;
}
