import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { logFiles, readLogTail } from '../../../main/core/diagnostics/log-tail';
import { tempDir } from '../../helpers/service-process';

/** A logs folder with the given files; each line is `<file>:<n>` so a test can see which survived. */
function logsDir(files: Record<string, number>): string {
  const dir = tempDir();
  for (const [name, lines] of Object.entries(files)) {
    fs.writeFileSync(path.join(dir, name), Array.from({ length: lines }, (_, i) => `${name}:${String(i).padStart(4, '0')}\n`).join(''));
  }
  return dir;
}
const lineBytes = (name: string): number => `${name}:0000\n`.length;

describe('the log tail', () => {
  it('lists the live file first, then the rotated ones in rotation order, and nothing else', async () => {
    const dir = logsDir({ 'till-companion.log.10': 1, 'till-companion.log.2': 1, 'till-companion.log': 1, 'till-companion.log.1': 1, 'other.log': 1, 'till-companion.log.1.tmp': 1 });
    expect(await logFiles(dir)).toEqual(['till-companion.log', 'till-companion.log.1', 'till-companion.log.2', 'till-companion.log.10']);
  });

  it('answers no files for a logs folder that does not exist yet', async () => {
    expect(await readLogTail(path.join(tempDir(), 'logs'), 1000)).toEqual({ parts: [], omitted: [] });
  });

  it('keeps whole files while the budget lasts', async () => {
    const dir = logsDir({ 'till-companion.log': 3, 'till-companion.log.1': 2 });
    const tail = await readLogTail(dir, 10_000);
    expect(tail.omitted).toEqual([]);
    expect(tail.parts.map((p) => [p.name, p.cut, p.text.split('\n').filter(Boolean).length])).toEqual([
      ['till-companion.log', false, 3],
      ['till-companion.log.1', false, 2],
    ]);
  });

  it('spends the budget on the newest lines: the end of a cut file, whole lines only, older files left out', async () => {
    const dir = logsDir({ 'till-companion.log': 10, 'till-companion.log.1': 10, 'till-companion.log.2': 10 });
    const live = lineBytes('till-companion.log');
    // All of the live file, and three and a half lines of .1.
    const tail = await readLogTail(dir, live * 10 + Math.floor(lineBytes('till-companion.log.1') * 3.5));
    expect(tail.parts.map((p) => [p.name, p.cut])).toEqual([
      ['till-companion.log', false],
      ['till-companion.log.1', true],
    ]);
    expect(tail.parts[1]!.text).toBe('till-companion.log.1:0007\ntill-companion.log.1:0008\ntill-companion.log.1:0009\n');
    expect(tail.parts[1]!.sizeBytes).toBe(lineBytes('till-companion.log.1') * 10);
    expect(tail.omitted).toEqual(['till-companion.log.2']);
  });

  it('keeps nothing of a file whose kept end is less than one line', async () => {
    const dir = logsDir({ 'till-companion.log': 4 });
    const tail = await readLogTail(dir, 5);
    expect(tail.parts).toEqual([{ name: 'till-companion.log', sizeBytes: lineBytes('till-companion.log') * 4, text: '', cut: true }]);
  });
});
