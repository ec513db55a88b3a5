import { Settings } from '../../../preload/schemas/settings';
import { isPlainObject } from './merge';

export interface Repaired {
  settings: Settings;
  /** Fields whose stored value was refused and replaced by its default, with the reason. */
  reset: { path: string; message: string }[];
}

/** A deep copy with the value at `path` removed; false when there was nothing to remove. */
function without(value: unknown, path: readonly PropertyKey[]): { value: unknown; removed: boolean } {
  if (path.length === 0) return { value: {}, removed: true };
  if (!isPlainObject(value)) return { value, removed: false };
  const [head, ...rest] = path;
  const key = String(head);
  if (!Object.hasOwn(value, key)) return { value, removed: false };
  if (rest.length === 0) {
    const { [key]: _dropped, ...kept } = value;
    return { value: kept, removed: true };
  }
  const inner = without(value[key], rest);
  return { value: { ...value, [key]: inner.value }, removed: inner.removed };
}

/**
 * Parses stored settings keeping every valid field: each refused value is removed, so the schema
 * fills in its default, and the rest of the file stays as the manager left it. A check on a whole
 * section (minLength ≤ maxLength) names one of its fields; when removing that field does not help,
 * the nearest enclosing object that still exists is removed instead. Always terminates: every round
 * removes something, and removing everything leaves the defaults, which are valid.
 */
export function repairSettings(raw: unknown): Repaired {
  let current: unknown = isPlainObject(raw) ? raw : {};
  const reset = new Map<string, string>(isPlainObject(raw) || raw === undefined ? [] : [['(root)', 'not an object of settings']]);
  for (;;) {
    const parsed = Settings.safeParse(current);
    if (parsed.success) return { settings: parsed.data, reset: [...reset].map(([path, message]) => ({ path, message })) };
    // One issue per round: removing a field can settle other issues too (a section check naming it).
    const issue = parsed.error.issues[0]!;
    let path = issue.path;
    let result = without(current, path);
    while (!result.removed) {
      path = path.slice(0, -1);
      result = without(current, path);
    }
    current = result.value;
    const at = path.map(String).join('.') || '(root)';
    if (!reset.has(at)) reset.set(at, issue.message);
  }
}
