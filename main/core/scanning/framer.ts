export type Terminator = 'CR' | 'LF' | 'CRLF' | 'none';

export type Frame = { kind: 'label'; bytes: Buffer } | { kind: 'overflow'; size: number };

/**
 * Splits a serial byte stream into labels. Pure and incremental: bytes may arrive one at a time or
 * many labels per chunk. A run of bytes longer than `maxFrameBytes` without a terminator (a scanner
 * set to the wrong terminator, or line noise) is reported once as an overflow and dropped, so the
 * buffer can never grow without bound. Empty lines are ignored.
 */
export function createFramer(terminator: Terminator, maxFrameBytes = 4096) {
  let parts: Buffer[] = [];
  let size = 0;
  let overflowing = false;

  const take = (frames: Frame[]): void => {
    const bytes = Buffer.concat(parts);
    parts = [];
    size = 0;
    if (overflowing) {
      overflowing = false;
      return;
    }
    // CR and LF are both stripped at the ends: a scanner sending CRLF to a CR-configured port still works.
    let start = 0;
    let end = bytes.length;
    while (start < end && (bytes[start] === 0x0a || bytes[start] === 0x0d)) start += 1;
    while (end > start && (bytes[end - 1] === 0x0a || bytes[end - 1] === 0x0d)) end -= 1;
    if (end > start) frames.push({ kind: 'label', bytes: bytes.subarray(start, end) });
  };

  const append = (chunk: Buffer, frames: Frame[]): void => {
    if (overflowing) return;
    if (size + chunk.length > maxFrameBytes) {
      frames.push({ kind: 'overflow', size: size + chunk.length });
      overflowing = true;
      parts = [];
      size = 0;
      return;
    }
    parts.push(chunk);
    size += chunk.length;
  };

  // CRLF ends at the LF; the CR before it is trimmed by take(), even when the two arrive in different chunks.
  const endByte = terminator === 'CR' ? 0x0d : terminator === 'none' ? -1 : 0x0a;

  return {
    push(chunk: Buffer): Frame[] {
      const frames: Frame[] = [];
      let from = 0;
      for (let i = 0; i < chunk.length; i += 1) {
        if (chunk[i] === endByte) {
          append(chunk.subarray(from, i), frames);
          take(frames);
          from = i + 1;
        }
      }
      if (from < chunk.length) append(chunk.subarray(from), frames);
      return frames;
    },
    /** End of a label by silence (terminator "none") or on close. */
    flush(): Frame[] {
      const frames: Frame[] = [];
      if (size > 0 || overflowing) take(frames);
      return frames;
    },
    pending: () => size,
  };
}
