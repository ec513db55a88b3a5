import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export const projectRoot = path.resolve(import.meta.dirname, '..', '..');

export interface ServiceProcess {
  child: ChildProcess;
  url: string;
  base: string;
  token: string;
  dataDir: string;
  stdoutLines: string[];
  stderr(): string;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** The V8 flags the systemd unit and `npm run serve` give the service (checked by systemd-unit.test.ts). */
export const SERVICE_NODE_FLAGS = '--max-semi-space-size=2';

export const LISTEN_LINE = /^Till Companion listening on (http:\/\/127\.0\.0\.1:(\d+))\/\?token=(\S+)$/;

/** A loopback port nothing listens on right now (for a server that needs its port in its settings). */
export async function freePort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const port = (probe.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

export function tempDir(prefix = 'till-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export interface StartOptions {
  env?: NodeJS.ProcessEnv;
  /** true: `npm run serve -- …` as a user types it; false: `node dist/service/cli.js …` as a service manager runs it. */
  viaNpm?: boolean;
  timeoutMs?: number;
}

/** Starts the service and waits for its one stdout line. */
export async function startServiceProcess(args: string[], options: StartOptions = {}): Promise<ServiceProcess> {
  const { env = {}, viaNpm = true, timeoutMs = 60_000 } = options;
  const dataDir = args.includes('--data-dir') ? args[args.indexOf('--data-dir') + 1]! : tempDir();
  const fullArgs = args.includes('--data-dir') ? args : [...args, '--data-dir', dataDir];
  const [command, commandArgs] = viaNpm
    ? ['npm', ['run', '--silent', 'serve', '--', ...fullArgs]]
    : [process.execPath, [path.join(projectRoot, 'dist', 'service', 'cli.js'), ...fullArgs]];
  const child = spawn(command, commandArgs as string[], {
    cwd: projectRoot,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stdoutLines: string[] = [];
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const match = await new Promise<RegExpExecArray>((resolve, reject) => {
    let buffer = '';
    const timer = setTimeout(() => reject(new Error(`service did not start in ${timeoutMs} ms:\n${stderr}`)), timeoutMs);
    child.stdout!.on('data', (d: Buffer) => {
      buffer += d.toString();
      let nl: number;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        stdoutLines.push(line);
        const m = LISTEN_LINE.exec(line);
        if (m) {
          clearTimeout(timer);
          resolve(m);
        }
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`service exited with ${code} before listening:\n${stderr}`));
    });
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    url: match[0].replace('Till Companion listening on ', ''),
    base: match[1]!,
    token: decodeURIComponent(match[3]!),
    dataDir,
    stdoutLines,
    stderr: () => stderr,
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      child.kill(signal);
      const code = await exited;
      // Through npm, the app notices its launcher is gone and shuts down: wait for the port to close.
      await waitForPortClosed(Number(match[2]));
      return code;
    },
  };
}

export async function waitForPortClosed(port: number, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (!open) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`port ${port} still open after ${timeoutMs} ms`);
}

export async function api<T = unknown>(base: string, token: string | null, method: string, input: unknown = {}, headers: Record<string, string> = {}): Promise<{ status: number; body: T }> {
  const res = await fetch(`${base}/api/${method}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}), ...headers },
    body: JSON.stringify(input),
  });
  return { status: res.status, body: (await res.json()) as T };
}

/**
 * The built service as a child process that may be SIGKILLed at any moment (crash and ordering
 * tests): delivering to `custobarUrl` continuously, with `token` as its API token.
 */
export function startKillableService(
  dataDir: string,
  custobar: { url: string; token: string },
  token: string,
  config: string,
): Promise<{ child: ChildProcess; base: string; exited: Promise<void> }> {
  return startBuiltService(
    ['--data-dir', dataDir, '--port', '0', '--custobar-url', custobar.url, '--schedule', 'all=continuous', '--api-token', token, '--log-level', 'warn', '--config', config],
    { TILL_CUSTOBAR_TOKEN: custobar.token },
  );
}

/** `node dist/service/cli.js ARGS` as a service manager runs it (no npm in between): resolves at its listening line. */
export function startBuiltService(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ child: ChildProcess; base: string; exited: Promise<void> }> {
  const child = spawn(process.execPath, [path.join(projectRoot, 'dist/service/cli.js'), ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'ignore'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = LISTEN_LINE.exec(out.trim());
      if (m) resolve({ child, base: m[1]!, exited });
    });
    child.once('exit', (code) => reject(new Error(`service exited (${code}) before listening; is dist/ built?`)));
  });
}
