import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { LISTEN_LINE, projectRoot, SERVICE_NODE_FLAGS } from '../helpers/service-process';

/** A free TCP port on 127.0.0.1: the service keeps one port across restarts, as a till's POS expects. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** VmRSS of a process in bytes, from /proc/<pid>/status; null once it is gone. */
export function rssOf(pid: number): number | null {
  try {
    const m = /^VmRSS:\s+(\d+)\s+kB$/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : null;
  } catch {
    return null;
  }
}

export interface ServiceConfig {
  dataDir: string;
  configFile: string;
  port: number;
  token: string;
  env: NodeJS.ProcessEnv;
  /** Where the event-loop probe writes loop-<pid>.json. */
  probeDir: string;
  /** Service stderr (its log lines) is appended here. */
  logFile: string;
}

/**
 * The service as a real child process (`node dist/service/cli.js`, as a service manager runs it),
 * started again on the same data dir and port after every SIGKILL. An exit the soak did not cause is
 * counted, and the soak starts it again.
 */
export class ServiceUnderTest {
  child: ChildProcess | null = null;
  generation = 0;
  /** Exits the soak did not ask for (a crash). */
  readonly unexpectedExits: { generation: number; code: number | null; signal: string | null }[] = [];
  readonly startMs: number[] = [];
  /** Date.now() when each generation printed its listening line (index generation - 1). */
  readonly listenedAt: number[] = [];
  private expectingExit = false;
  private exited: Promise<void> = Promise.resolve();

  constructor(private readonly config: ServiceConfig) {}

  get base(): string {
    return `http://127.0.0.1:${this.config.port}`;
  }

  get pid(): number | null {
    return this.child?.pid ?? null;
  }

  get up(): boolean {
    return this.child !== null && this.child.exitCode === null && this.child.signalCode === null;
  }

  async start(timeoutMs = 60_000): Promise<void> {
    const { config } = this;
    const started = performance.now();
    const log = fs.openSync(config.logFile, 'a');
    const child = spawn(
      process.execPath,
      [
        // As the systemd unit and `npm run serve` run it.
        SERVICE_NODE_FLAGS,
        '--import',
        pathToFileURL(path.join(import.meta.dirname, 'loop-probe.mjs')).href,
        path.join(projectRoot, 'dist', 'service', 'cli.js'),
        '--data-dir',
        config.dataDir,
        '--config',
        config.configFile,
        '--port',
        String(config.port),
        '--api-token',
        config.token,
      ],
      { cwd: projectRoot, env: { ...config.env, SOAK_LOOP_DIR: config.probeDir }, stdio: ['ignore', 'pipe', log] },
    );
    fs.closeSync(log);
    this.generation += 1;
    const generation = this.generation;
    this.child = child;
    this.expectingExit = false;
    this.exited = new Promise<void>((resolve) =>
      child.once('exit', (code, signal) => {
        if (!this.expectingExit) this.unexpectedExits.push({ generation, code, signal });
        resolve();
      }),
    );
    await new Promise<void>((resolve, reject) => {
      let buffer = '';
      const timer = setTimeout(() => reject(new Error(`the service did not start in ${timeoutMs} ms (see ${config.logFile})`)), timeoutMs);
      child.stdout!.on('data', (d: Buffer) => {
        buffer += d.toString();
        if (buffer.split('\n').some((line) => LISTEN_LINE.test(line))) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`the service exited (${code ?? signal}) before listening (see ${config.logFile})`));
      });
    });
    this.startMs.push(performance.now() - started);
    this.listenedAt.push(Date.now());
  }

  /** SIGKILL: no shutdown code runs, as when the till loses power. */
  async kill(): Promise<void> {
    if (!this.up) return;
    this.expectingExit = true;
    this.child!.kill('SIGKILL');
    await this.exited;
  }

  /** SIGTERM and the clean shutdown; returns the exit code. */
  async stop(): Promise<number | null> {
    if (!this.up) return this.child?.exitCode ?? null;
    this.expectingExit = true;
    const child = this.child!;
    child.kill('SIGTERM');
    await this.exited;
    return child.exitCode;
  }
}
