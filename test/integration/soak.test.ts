import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../helpers/service-process';
import { RESULT_PREFIX, type SoakReport } from '../soak/report';

const tsx = path.join(projectRoot, 'node_modules', '.bin', 'tsx');

function runSoakCli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(tsx, ['test/soak/run.ts', ...args], { cwd: projectRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

/**
 * `npm run soak` in miniature, so the script cannot rot: 18 seconds of the busy store (at 20×, so a
 * redemption is certain) with SIGKILLs and unplugs every few seconds, against the built service.
 */
describe('the soak', () => {
  it('refuses a bad --minutes with a clear message', async () => {
    const { code, stderr } = await runSoakCli(['--minutes', '0']);
    expect(code).toBe(2);
    expect(stderr).toContain('--minutes must be a positive number, got "0"');
  });

  it('runs a fraction of a minute and reports nothing lost, doubled or invalid', async () => {
    const { code, stdout, stderr } = await runSoakCli(['--minutes', '0.3', '--speed', '20', '--kill-every', '6-8', '--unplug-every', '5-6', '--seed', '7']);
    const line = stdout.split('\n').find((l) => l.startsWith(RESULT_PREFIX));
    expect(line, `no result line; stderr:\n${stderr}`).toBeDefined();
    const report = JSON.parse(line!.slice(RESULT_PREFIX.length)) as SoakReport;
    const failed = report.lines.filter((l) => l.verdict === 'FAIL');
    expect(failed, stdout).toEqual([]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^\| Records: acknowledged but never delivered \(lost\) +\| 0 +\| pass +\|$/m);
    const f = report.figures;
    expect(f.acknowledged).toBeGreaterThan(30);
    expect(f.delivered).toBeGreaterThanOrEqual(f.acknowledged);
    expect({ lost: f.lost, invalid: f.invalidRecords, dead: f.deadLetters, beforeCustomer: f.beforeCustomer, conflicts: f.conflicts, left: f.leftInOutbox, unsent: f.unsentAtPos }).toEqual({ lost: 0, invalid: 0, dead: 0, beforeCustomer: 0, conflicts: 0, left: 0, unsent: 0 });
    expect(f.redeemCalls).toBeGreaterThan(0);
    expect(f.redemptionsCommittedInApp).toBe(f.redemptionsAtSimulator);
    expect({ missing: f.redemptionsMissing, doubled: f.redemptionsDoubled, pending: f.redemptionsPending }).toEqual({ missing: 0, doubled: 0, pending: 0 });
    expect(f.kills).toBeGreaterThan(0);
    expect(f.unplugs).toBeGreaterThan(0);
    expect(f.scansShown).toBeGreaterThan(0);
    expect(f.loopDelaySamples).toBeGreaterThan(0);
    expect(f.rssStartMb).toBeGreaterThan(0);
    expect(f.rssEndMb).toBeGreaterThan(0);
  }, 90_000);
});
