import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { freePort, tempDir } from './service-process';

export interface PrometheusServer {
  url: string;
  /** An instant query through Prometheus's HTTP API: the samples' labels and values. */
  query(expr: string): Promise<{ metric: Record<string, string>; value: number }[]>;
  stop(): Promise<void>;
}

/**
 * A real Prometheus server (Debian's `prometheus` package) scraping `targets` every second with a
 * bearer token from a file, as a store's Prometheus would scrape its tills.
 */
export async function startPrometheus(job: { name: string; targets: string[]; token: string; labels?: Record<string, string> }): Promise<PrometheusServer> {
  const dir = tempDir('prometheus-');
  const tokenFile = path.join(dir, 'till-token');
  fs.writeFileSync(tokenFile, job.token, { mode: 0o600 });
  const config = [
    'global:',
    '  scrape_interval: 1s',
    '  evaluation_interval: 1s',
    'scrape_configs:',
    `  - job_name: ${JSON.stringify(job.name)}`,
    '    authorization:',
    `      credentials_file: ${JSON.stringify(tokenFile)}`,
    '    static_configs:',
    `      - targets: ${JSON.stringify(job.targets)}`,
    ...(job.labels ? ['        labels:', ...Object.entries(job.labels).map(([k, v]) => `          ${k}: ${JSON.stringify(v)}`)] : []),
    '',
  ].join('\n');
  fs.writeFileSync(path.join(dir, 'prometheus.yml'), config);
  const port = await freePort();
  let child: ChildProcess;
  try {
    child = spawn('prometheus', [`--config.file=${path.join(dir, 'prometheus.yml')}`, `--storage.tsdb.path=${path.join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`], { stdio: ['ignore', 'ignore', 'pipe'] });
  } catch (error) {
    throw new Error(`prometheus is needed (Debian package "prometheus"; .ci/run installs it): ${(error as Error).message}`);
  }
  let log = '';
  child.stderr!.on('data', (d: Buffer) => (log = (log + d.toString()).slice(-20_000)));
  const spawned = await new Promise<Error | null>((resolve) => {
    child.once('error', resolve);
    child.once('spawn', () => resolve(null));
  });
  if (spawned) throw new Error(`prometheus is needed (Debian package "prometheus"; .ci/run installs it): ${spawned.message}`);
  const url = `http://127.0.0.1:${port}`;
  for (let waited = 0; ; waited += 200) {
    const ready = await fetch(`${url}/-/ready`).then((r) => r.ok, () => false);
    if (ready) break;
    if (waited > 30_000 || child.exitCode !== null) throw new Error(`prometheus did not become ready:\n${log}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    query: async (expr) => {
      const res = await fetch(`${url}/api/v1/query?query=${encodeURIComponent(expr)}`);
      const body = (await res.json()) as { status: string; error?: string; data?: { result: { metric: Record<string, string>; value: [number, string] }[] } };
      if (body.status !== 'success') throw new Error(`query ${expr}: ${body.error}`);
      return body.data!.result.map((r) => ({ metric: r.metric, value: Number(r.value[1]) }));
    },
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
