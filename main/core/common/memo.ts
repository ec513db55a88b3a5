/**
 * Rebuilds a value only when its inputs change (compared as JSON): API clients follow new settings
 * or credentials at their next use, and keep their keep-alive connections otherwise.
 */
export function memoByInputs<I, T>(inputs: () => I, build: (inputs: I) => T): () => T {
  let key: string | null = null;
  let value: T;
  return () => {
    const current = inputs();
    const next = JSON.stringify(current);
    if (next !== key) {
      key = next;
      value = build(current);
    }
    return value;
  };
}
