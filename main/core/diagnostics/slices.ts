/**
 * Line-by-line work on megabytes of text, in slices: after every slice the event loop gets a turn,
 * so a diagnostics export holds up a scan or a checkout for one slice at most, not for the whole log.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';

const SLICE_CHARS = 16 * 1024;

/** `fn` applied to every line of `text`; line breaks are kept as they were. */
export async function mapLines(text: string, fn: (line: string) => string, sliceChars = SLICE_CHARS): Promise<string> {
  const lines = text.split('\n');
  const out: string[] = new Array<string>(lines.length);
  let done = 0;
  for (let i = 0; i < lines.length; i += 1) {
    const line = lines[i]!;
    // The empty piece after a final newline stays empty, so the file keeps its last line break.
    out[i] = line === '' ? '' : fn(line);
    done += line.length;
    if (done >= sliceChars) {
      done = 0;
      await nextTurn();
    }
  }
  return out.join('\n');
}

/** `fn` applied to every item, with a turn of the event loop after every `every` items. */
export async function mapItems<T, R>(items: readonly T[], fn: (item: T) => R, every = 100): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += 1) {
    out.push(fn(items[i]!));
    if ((i + 1) % every === 0) await nextTurn();
  }
  return out;
}
