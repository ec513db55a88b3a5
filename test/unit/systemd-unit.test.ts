import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SERVICE_SECRET_ENV } from '../../main/core/secrets/secret-store';
import { parseServiceArgs } from '../../main/service/args';
import { projectRoot, tempDir } from '../helpers/service-process';

const unitFile = path.join(projectRoot, 'ops', 'systemd', 'till-companion.service');
const unitText = fs.readFileSync(unitFile, 'utf8');

/** section → key → values (a key may repeat); comments and line continuations handled. */
function parseUnit(text: string): Record<string, Record<string, string[]>> {
  const sections: Record<string, Record<string, string[]>> = {};
  let current: Record<string, string[]> | undefined;
  for (const line of text.replace(/\\\n/g, ' ').split('\n').map((l) => l.trim())) {
    if (!line || line.startsWith('#') || line.startsWith(';')) continue;
    const header = /^\[(.+)\]$/.exec(line);
    if (header) current = sections[header[1]!] = {};
    else if (current && line.includes('=')) {
      const key = line.slice(0, line.indexOf('=')).trim();
      (current[key] ??= []).push(line.slice(line.indexOf('=') + 1).trim());
    }
  }
  return sections;
}

const unit = parseUnit(unitText);
const service = unit.Service!;
const one = (key: string) => service[key]?.at(-1);
const seconds = (value: string) => Number(/^(\d+)\s*(s|sec)?$/.exec(value)?.[1] ?? NaN);
const execStart = one('ExecStart')!.split(/\s+/);

/** ops/systemd/till-companion.service runs `node dist/service/cli.js` on a till or store server. */
describe('systemd unit', () => {
  it('runs the built service entry with node, from the install folder', () => {
    expect(execStart[0]).toBe('/usr/bin/node');
    const workingDirectory = one('WorkingDirectory')!;
    expect(execStart[1]).toBe(`${workingDirectory}/dist/service/cli.js`);
    // The same path scripts/build.mjs writes service mode to.
    expect(fs.readFileSync(path.join(projectRoot, 'scripts', 'build.mjs'), 'utf8')).toContain("entryPoints: { cli: 'main/service/cli.ts' }, outdir: 'dist/service'");
  });

  it('passes only flags the service accepts, with the data dir it may write', () => {
    const options = parseServiceArgs(execStart.slice(2), {});
    expect(options).toMatchObject({ dataDir: '/var/lib/till-companion', port: 4780, host: '127.0.0.1', demo: false });
    expect(service.ReadWritePaths?.join(' ').split(/\s+/)).toContain(options.dataDir);
    expect(`/var/lib/${one('StateDirectory')}`).toBe(options.dataDir);
    // A token on the command line is visible to every user in `ps`; it comes from the env file.
    expect(execStart).not.toContain('--api-token');
  });

  it('gives node the same V8 flags as `npm run serve`, the benchmark and the soak', async () => {
    const { SERVICE_NODE_FLAGS } = await import('../helpers/service-process');
    expect(service.Environment).toContain(`NODE_OPTIONS=${SERVICE_NODE_FLAGS}`);
    const pkg = JSON.parse(fs.readFileSync(path.join(projectRoot, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts.serve).toBe(`node ${SERVICE_NODE_FLAGS} scripts/run-built.mjs service`);
  });

  it('runs as a dedicated user with the env file, restarts on failure, hardened', () => {
    expect(one('User')).toBe('till-companion');
    expect(one('User')).not.toBe('root');
    expect(one('EnvironmentFile')).toBe('/etc/till-companion/env');
    expect(one('Restart')).toBe('on-failure');
    expect(one('RestartPreventExitStatus')).toBe('2'); // the CLI's usage-error status: no restart loop
    expect(service).toMatchObject({ NoNewPrivileges: ['yes'], ProtectSystem: ['strict'], PrivateTmp: ['yes'], UMask: ['0077'] });
    expect(one('StandardOutput')).toBe('null'); // stdout is the URL with the token in it
    expect(unit.Install?.WantedBy).toEqual(['multi-user.target']);
  });

  it('stops with SIGTERM and waits longer than the service’s own shutdown bound', () => {
    const cli = fs.readFileSync(path.join(projectRoot, 'main', 'service', 'cli.ts'), 'utf8');
    const bound = /setTimeout\(\(\) => process\.exit\(1\), ([\d_]+)\)/.exec(cli);
    expect(bound, 'the forced-exit timer in main/service/cli.ts').not.toBeNull();
    const boundSeconds = Number(bound![1]!.replace(/_/g, '')) / 1000;
    expect(one('KillSignal') ?? 'SIGTERM').toBe('SIGTERM');
    expect(seconds(one('TimeoutStopSec')!)).toBeGreaterThan(boundSeconds);
    expect(seconds(one('TimeoutStopSec')!)).toBeLessThanOrEqual(boundSeconds + 10);
  });

  it('the env file template names only variables service mode reads', () => {
    // The TILL_* names the service's start-up code reads (flags' variables, secrets, policy file).
    const sources = ['main/service', 'main/app', 'main/core/secrets'].flatMap((dir) =>
      fs
        .readdirSync(path.join(projectRoot, dir), { recursive: true, encoding: 'utf8' })
        .filter((f) => f.endsWith('.ts'))
        .map((f) => fs.readFileSync(path.join(projectRoot, dir, f), 'utf8')),
    );
    const known = [...new Set(sources.flatMap((text) => text.match(/\bTILL_[A-Z0-9_]+/g) ?? []))];
    expect(known).toEqual(expect.arrayContaining(['TILL_API_TOKEN', ...Object.values(SERVICE_SECRET_ENV)]));
    const names = [...fs.readFileSync(path.join(projectRoot, 'ops', 'systemd', 'env.example'), 'utf8').matchAll(/^#?([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1]!);
    expect(names).toEqual(expect.arrayContaining(['TILL_API_TOKEN', 'TILL_CUSTOBAR_TOKEN']));
    expect(names.filter((n) => !known.includes(n))).toEqual([]);
  });

  const analyze = spawnSync('systemd-analyze', ['--version']).status === 0;
  // Skipped (and reported as skipped) where systemd is not installed; the checks above always run.
  it.skipIf(!analyze)('systemd-analyze verifies it without a warning and rates its exposure OK', () => {
    // verify insists that ExecStart's binary exists: point it at this machine's node.
    const dir = tempDir('till-unit-');
    const copy = path.join(dir, 'till-companion.service');
    fs.writeFileSync(copy, unitText.replace('ExecStart=/usr/bin/node ', `ExecStart=${process.execPath} `));
    const verify = spawnSync('systemd-analyze', ['verify', copy], { encoding: 'utf8' });
    expect(verify.stderr.trim()).toBe('');
    expect(verify.status).toBe(0);
    const security = spawnSync('systemd-analyze', ['security', '--offline=true', '--no-pager', copy], { encoding: 'utf8' });
    fs.rmSync(dir, { recursive: true, force: true });
    const exposure = /Overall exposure level for \S+: ([\d.]+)/.exec(security.stdout);
    expect(exposure, security.stdout + security.stderr).not.toBeNull();
    expect(Number(exposure![1])).toBeLessThan(4); // systemd calls below 4 "OK"
  });
});
