/**
 * A small JSON path: "$" (the value itself), then ".name" or "[index]" steps — "$.data",
 * "$.person.id", "$.contacts[0].phone". The settings schema checks the same grammar (JSON_PATH in
 * preload/schemas/settings.ts); nothing else (wildcards, filters, quoted names) is understood.
 */
export type PathStep = string | number;

const STEP = /\.([A-Za-z_][A-Za-z0-9_-]*)|\[(\d{1,6})\]/y;

/** The steps of a path, or null when it is not one. */
export function parsePath(path: string): PathStep[] | null {
  const text = path.trim();
  if (!text.startsWith('$')) return null;
  const steps: PathStep[] = [];
  STEP.lastIndex = 1;
  while (STEP.lastIndex < text.length) {
    const at = STEP.lastIndex;
    const m = STEP.exec(text);
    if (!m || m.index !== at) return null;
    steps.push(m[1] !== undefined ? m[1] : Number(m[2]));
  }
  return steps;
}

/**
 * The value at the steps, or undefined when any step is missing. Only own properties are followed, so
 * "$.constructor" or "$.__proto__" finds nothing rather than a prototype.
 */
export function resolvePath(value: unknown, steps: readonly PathStep[]): unknown {
  let current = value;
  for (const step of steps) {
    if (typeof step === 'number') {
      if (!Array.isArray(current) || step >= current.length) return undefined;
      current = current[step];
    } else {
      if (current === null || typeof current !== 'object' || Array.isArray(current) || !Object.prototype.hasOwnProperty.call(current, step)) return undefined;
      current = (current as Record<string, unknown>)[step];
    }
  }
  return current;
}
