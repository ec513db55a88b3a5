import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { tempDir } from './service-process';

/**
 * A pseudo-terminal pair from socat: the app opens `appPath` as its serial scanner through the real
 * serialport binding; the test writes what a scanner would send to `writerPath`.
 */
export interface PtyPair {
  appPath: string;
  writerPath: string;
  write(data: string | Buffer): Promise<void>;
  /** Removes both ends (as an unplug does). */
  unplug(): Promise<void>;
  /** Recreates the pair at the same paths (as a re-plug does). */
  replug(): Promise<void>;
  close(): Promise<void>;
}

async function waitFor(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export async function createPtyPair(dir = tempDir('pty-')): Promise<PtyPair> {
  const appPath = path.join(dir, 'scanner');
  const writerPath = path.join(dir, 'pos');
  let socat: ChildProcess | null = null;
  let writer: fs.WriteStream | null = null;

  const start = async (): Promise<void> => {
    socat = spawn('socat', [`pty,raw,echo=0,link=${appPath}`, `pty,raw,echo=0,link=${writerPath}`], { stdio: 'ignore' });
    await waitFor(() => fs.existsSync(appPath) && fs.existsSync(writerPath), 5000, 'socat ptys');
    writer = fs.createWriteStream(writerPath);
    await new Promise<void>((resolve, reject) => writer!.once('open', () => resolve()).once('error', reject));
  };
  const stop = async (): Promise<void> => {
    writer?.destroy();
    writer = null;
    const proc = socat;
    socat = null;
    if (proc && proc.exitCode === null) {
      const exited = new Promise((r) => proc.once('exit', r));
      proc.kill('SIGTERM');
      await exited;
    }
    await waitFor(() => !fs.existsSync(appPath), 5000, 'pty removal');
  };
  await start();
  return {
    appPath,
    writerPath,
    write: (data) =>
      new Promise<void>((resolve, reject) => {
        if (!writer) return reject(new Error('pty is unplugged'));
        writer.write(data, (error) => (error ? reject(error) : resolve()));
      }),
    unplug: stop,
    replug: start,
    close: stop,
  };
}

export { waitFor };
