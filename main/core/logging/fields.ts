/**
 * pino's formatters.log: prepares the fields of a log call before pino serializes them.
 * pino turns an Error anywhere but under `err` into "{}", and callers here log `{ error }`, so Errors
 * become plain objects. Only name, message, code and stack are kept (not every enumerable
 * property): an HTTP client's error carries its whole request, headers and all.
 */
const MAX_DEPTH = 3;
// pino writes its own level, time and scope first; a field of the same name would shadow them.
const RESERVED = new Set(['level', 'time', 'scope', 'pid']);

function serializeError(error: Error, depth = 0): Record<string, unknown> {
  const out: Record<string, unknown> = { name: error.name, message: String(error.message) };
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' || typeof code === 'number') out.code = code;
  if (error.stack) out.stack = error.stack;
  if (error.cause instanceof Error && depth < MAX_DEPTH) out.cause = serializeError(error.cause, depth + 1);
  return out;
}

function isPlain(value: object): boolean {
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

function prepare(value: unknown, depth: number): unknown {
  if (value instanceof Error) return serializeError(value);
  if (value === null || typeof value !== 'object' || depth >= MAX_DEPTH) return value;
  if (Array.isArray(value)) return value.map((item) => prepare(item, depth + 1));
  if (!isPlain(value)) return value; // fastify's request and reply: their serializers handle them
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, prepare(item, depth + 1)]));
}

export function prepareFields(fields: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) {
    // `err` is left to pino's err serializer, which fastify relies on for its own error logs.
    out[RESERVED.has(key) ? `${key}_` : key] = key === 'err' ? value : prepare(value, 0);
  }
  return out;
}
