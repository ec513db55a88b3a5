/** Plain-object deep merge: the patch wins, arrays and scalars are replaced, never concatenated. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function deepMerge<T>(base: T, patch: unknown): T {
  if (!isPlainObject(base) || !isPlainObject(patch)) return (patch === undefined ? base : patch) as T;
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(patch)) {
    if (key === '__proto__' || key === 'constructor' || key === 'prototype') continue;
    out[key] = isPlainObject(value) && isPlainObject(out[key]) ? deepMerge(out[key], value) : value;
  }
  return out as T;
}

/** Dotted leaf paths of an object: {a:{b:1}} → ['a.b']. */
export function leafPaths(value: unknown, prefix = ''): string[] {
  if (!isPlainObject(value)) return prefix ? [prefix] : [];
  return Object.entries(value).flatMap(([key, child]) => leafPaths(child, prefix ? `${prefix}.${key}` : key));
}

export function touchesLockedPath(patch: unknown, locked: readonly string[]): string[] {
  const touched = leafPaths(patch);
  return touched.filter((p) => locked.some((l) => p === l || p.startsWith(`${l}.`) || l.startsWith(`${p}.`)));
}
