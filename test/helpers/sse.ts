/** Reads an event stream until `needle` has arrived; fails when the stream ends first or after `timeoutMs`. */
export async function readUntil(reader: ReadableStreamDefaultReader<string>, needle: string, timeoutMs = 10_000): Promise<string> {
  let text = '';
  const deadline = Date.now() + timeoutMs;
  while (!text.includes(needle)) {
    const left = deadline - Date.now();
    if (left <= 0) throw new Error(`"${needle}" did not arrive in ${timeoutMs} ms; got: ${text.slice(-300)}`);
    let timer: NodeJS.Timeout | undefined;
    const next = await Promise.race([
      reader.read(),
      new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`"${needle}" did not arrive in ${timeoutMs} ms`)), left))),
    ]).finally(() => clearTimeout(timer));
    if (next.done) throw new Error(`the stream ended before "${needle}" arrived; got: ${text.slice(-300)}`);
    text += next.value;
  }
  return text;
}
