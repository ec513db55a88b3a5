import fs from 'node:fs';
import path from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { afterEach, describe, expect, it } from 'vitest';
import type { Companion } from '../../main/core/companion';
import { startSimulator, type Simulator } from '../../main/simulator/server';
import { companionFor, drained } from '../helpers/exports';
import { makeCompanion } from '../helpers/companion';
import { createEnvSecretStore, SERVICE_SECRET_ENV } from '../../main/core/secrets/secret-store';
import { tempDir } from '../helpers/service-process';

const TOKEN = 'SECRET-TOKEN-123456';
// Everything that identifies the customer or the till's credentials; none may be anywhere in the zip.
const FORBIDDEN = [TOKEN, '401234567', 'anna.virtanen', 'Aino', 'Virtanen', 'Bearer-token-abcdef'];

/**
 * Log files as they may sit on disk: lines from an older build or a code path that escaped the
 * logger's own redaction, so the zip's redaction is what stands between them and the ticket.
 */
function writeLogs(dataDir: string): void {
  const dir = path.join(dataDir, 'logs');
  fs.mkdirSync(dir, { recursive: true });
  const json = (fields: Record<string, unknown>): string => JSON.stringify({ level: 'info', time: '2026-12-31T10:00:00.000Z', pid: 1, scope: 'app', ...fields });
  fs.writeFileSync(
    path.join(dir, 'till-companion.log'),
    [
      json({ msg: 'lookup for +358401234567 answered', customer: { first_name: 'Aino', last_name: 'Virtanen', email: 'anna.virtanen@example.fi' } }),
      json({ msg: `request with ${TOKEN}`, req: { headers: { authorization: 'Bearer Bearer-token-abcdef' } } }),
      json({ msg: 'customer Aino Virtanen refused', error: { name: 'TypeError', message: 'mail anna.virtanen@example.fi' } }),
      '',
    ].join('\n'),
  );
  fs.writeFileSync(
    path.join(dir, 'till-companion.log.1'),
    ['plain text: called +358401234567 about Authorization: Bearer Bearer-token-abcdef', 'reply to anna.virtanen@example.fi', ''].join('\n'),
  );
}

function unzip(file: string): Record<string, string> {
  return Object.fromEntries(Object.entries(unzipSync(fs.readFileSync(file))).map(([name, data]) => [name, strFromU8(data)]));
}

async function exportOk(companion: Companion, input: Record<string, unknown> = {}): Promise<string> {
  const result = await companion.dispatch('diagnostics.export', input);
  if (!result.ok) throw new Error(`export failed: ${JSON.stringify(result.error)}`);
  expect(Object.keys(result.value as object)).toEqual(['path']);
  return (result.value as { path: string }).path;
}

describe('diagnostics.export', () => {
  let sim: Simulator | undefined;
  let companion: Companion | undefined;
  afterEach(async () => {
    await companion?.close();
    await sim?.close();
    companion = undefined;
    sim = undefined;
  });

  it('writes a private zip of logs, status, settings, outbox and dead letters with no token, phone, e-mail or name in it', async () => {
    const dataDir = tempDir();
    writeLogs(dataDir);
    // The simulator accepts the till's token and refuses the customer's record, which makes a real dead letter.
    sim = await startSimulator({ token: TOKEN, seed: false });
    sim.setFaults({ uploads: { rejectKeys: ['C-1001'] } });
    companion = await companionFor(sim, {}, dataDir);
    const customer = { external_id: 'C-1001', phone_number: '+358401234567', email: 'anna.virtanen@example.fi', first_name: 'Aino', last_name: 'Virtanen', city: 'Tampere' };
    expect(companion.exports.ingest('customers', [customer], { partial: false, source: 'test' }).accepted).toBe(1);
    await drained(companion);
    expect((await companion.api['deadLetters.list']({ limit: 10, offset: 0 })).total).toBe(1);
    expect(companion.context.secrets.get('custobarToken')).toBe(TOKEN);

    const file = await exportOk(companion);
    expect(path.isAbsolute(file)).toBe(true);
    expect(path.dirname(file)).toBe(path.join(dataDir, 'diagnostics'));
    expect(path.basename(file)).toMatch(/^till-companion-diagnostics-STORE-1-[A-Za-z0-9_-]+-\d{8}T\d{6}Z\.zip$/);
    if (process.platform !== 'win32') {
      expect(fs.statSync(file).mode & 0o777).toBe(0o600);
      expect(fs.statSync(path.dirname(file)).mode & 0o777).toBe(0o700);
    }

    const files = unzip(file);
    expect(Object.keys(files).sort()).toEqual(
      ['dead-letters.json', 'logs/till-companion.log', 'logs/till-companion.log.1', 'manifest.json', 'outbox.json', 'settings.json', 'status.json'].sort(),
    );
    for (const [name, text] of Object.entries(files)) {
      for (const secret of FORBIDDEN) expect(text.toLowerCase(), `${name} contains ${secret}`).not.toContain(secret.toLowerCase());
      expect(text, name).not.toMatch(/pinHash/);
    }

    // Redacted, not emptied: support still sees what happened.
    const dead = JSON.parse(files['dead-letters.json']!) as { total: number; items: { key: string; record: Record<string, unknown> }[] };
    expect(dead.total).toBe(1);
    expect(dead.items[0]!.record).toMatchObject({ external_id: 'C-1001', first_name: '[removed]', last_name: '[removed]', city: 'Tampere' });
    expect(dead.items[0]!.record.phone_number).toMatch(/567$/);
    expect(dead.items[0]!.record.email).toBe('a•••@example.fi');
    const settings = JSON.parse(files['settings.json']!) as { secrets: Record<string, boolean>; pinSet: boolean; settings: object };
    expect(settings.secrets.custobarToken).toBe(true);
    expect(settings.pinSet).toBe(false);
    expect(settings.settings).toHaveProperty('custobar.baseUrl', sim.url);
    const outbox = JSON.parse(files['outbox.json']!) as { types: { type: string; dead: number }[] };
    expect(outbox.types.find((t) => t.type === 'customers')?.dead).toBe(1);
    expect(JSON.parse(files['status.json']!)).toHaveProperty('app.version', '9.9.9');
    expect(files['logs/till-companion.log']).toContain('TypeError');
    expect(files['logs/till-companion.log']!.split('\n').filter(Boolean)).toHaveLength(3);

    const manifest = JSON.parse(files['manifest.json']!) as Record<string, unknown>;
    expect(manifest).toMatchObject({ app: { version: '9.9.9', mode: 'service', platform: 'test' }, cut: [], missing: [], deadLetters: { total: 1, included: 1 } });
    expect((manifest.files as { file: string }[]).map((f) => f.file)).toContain('logs/till-companion.log.1');
    expect(manifest.logs).toMatchObject({ linesNotJson: 2, omitted: [] });
  });

  it('asks for the manager PIN once one is set, in the core', async () => {
    companion = await makeCompanion();
    await companion.api['manager.setPin']({ newPin: '2468' });

    const none = await companion.dispatch('diagnostics.export', {});
    expect(none).toMatchObject({ ok: false, error: { code: 'pin_required' } });
    const wrong = await companion.dispatch('diagnostics.export', { pin: '1111' });
    expect(wrong).toMatchObject({ ok: false, error: { code: 'pin_required' } });
    expect(fs.existsSync(path.join(companion.context.config.dataDir, 'diagnostics'))).toBe(false);

    const file = await exportOk(companion, { pin: '2468' });
    expect(fs.existsSync(file)).toBe(true);
    const files = unzip(file);
    expect(JSON.parse(files['settings.json']!)).toMatchObject({ pinSet: true });
    const hash = companion.context.settings.get().manager.pinHash;
    for (const text of Object.values(files)) for (const part of [hash, ...hash.split(':')]) expect(text).not.toContain(part);
    // No log file yet (the test logger keeps lines in memory): the zip says so by having none.
    expect(Object.keys(files).some((n) => n.startsWith('logs/'))).toBe(false);
  });

  it('removes a token the app withholds after its address moved, wherever an older log line has it', async () => {
    const dataDir = tempDir();
    writeLogs(dataDir);
    companion = await makeCompanion({}, dataDir, { secrets: createEnvSecretStore({ TILL_CUSTOBAR_TOKEN: TOKEN }, SERVICE_SECRET_ENV) });
    // Given for the first address (it binds to the first one set), then the address moves.
    await companion.api['settings.update']({ patch: { custobar: { baseUrl: 'https://acme.custobar.com' } } });
    expect(companion.context.secrets.get('custobarToken')).toBe(TOKEN);
    await companion.api['settings.update']({ patch: { custobar: { baseUrl: 'https://other.custobar.com' } } });
    expect(companion.context.secrets.get('custobarToken')).toBeUndefined(); // the premise: withheld
    const files = unzip(await exportOk(companion));
    for (const [name, text] of Object.entries(files)) expect(text, name).not.toContain(TOKEN);
  });

  it('gives each export its own file', async () => {
    companion = await makeCompanion({}, tempDir(), { now: () => new Date('2026-12-31T12:00:00Z') });
    const [a, b] = await Promise.all([exportOk(companion), exportOk(companion)]);
    expect(a).not.toBe(b);
    expect(path.basename(b!)).toMatch(/-20261231T120000Z-2\.zip$/);
  });

  it('keeps the newest 5 MB of logs and says in the manifest what it cut', async () => {
    const dataDir = tempDir();
    const dir = path.join(dataDir, 'logs');
    fs.mkdirSync(dir, { recursive: true });
    const line = (n: number): string => `${JSON.stringify({ level: 'info', msg: `line ${n} for +358401234567`, pad: 'x'.repeat(200) })}\n`;
    // 4 MB in the live file, 4 MB in .1 and a little in .2: the budget ends inside .1.
    const fill = (name: string, bytes: number, from: number): void => {
      const lines: string[] = [];
      for (let size = 0, n = from; size < bytes; n += 1) size += (lines[lines.length] = line(n)).length;
      fs.writeFileSync(path.join(dir, name), lines.join(''));
    };
    fill('till-companion.log', 4 * 1024 * 1024, 200_000);
    fill('till-companion.log.1', 4 * 1024 * 1024, 100_000);
    fill('till-companion.log.2', 10_000, 0);
    companion = await makeCompanion({}, dataDir);

    const files = unzip(await exportOk(companion));
    const manifest = JSON.parse(files['manifest.json']!) as { cut: string[]; logs: { omitted: string[]; files: { file: string; cut: boolean }[] } };
    expect(manifest.logs.omitted).toEqual(['logs/till-companion.log.2']);
    expect(manifest.logs.files.map((f) => [f.file, f.cut])).toEqual([
      ['logs/till-companion.log', false],
      ['logs/till-companion.log.1', true],
    ]);
    expect(manifest.cut).toHaveLength(2);
    expect(files['logs/till-companion.log.2']).toBeUndefined();
    const kept = files['logs/till-companion.log']!.length + files['logs/till-companion.log.1']!.length;
    expect(kept).toBeLessThanOrEqual(5 * 1024 * 1024);
    // The cut file keeps its end (the newer lines), each one whole and still JSON.
    const original = fs.readFileSync(path.join(dir, 'till-companion.log.1'), 'utf8').split('\n').filter(Boolean);
    const older = files['logs/till-companion.log.1']!.split('\n').filter(Boolean);
    expect(older.length).toBeLessThan(original.length);
    expect((JSON.parse(older.at(-1)!) as { msg: string }).msg).toBe((JSON.parse(original.at(-1)!) as { msg: string }).msg.replace('+358401234567', '+•••••••••567'));
    for (const l of older) expect(() => JSON.parse(l)).not.toThrow();
    expect(Object.values(files).join('')).not.toContain('401234567');
  });

  it('answers unavailable, naming the path, when the data dir cannot be written', async () => {
    const dataDir = tempDir();
    companion = await makeCompanion({}, dataDir);
    // A file where the folder should be: fails for root too, unlike a read-only mode.
    fs.writeFileSync(path.join(dataDir, 'diagnostics'), '');
    const result = await companion.dispatch('diagnostics.export', {});
    expect(result).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    const message = (result as { error: { message: string } }).error.message;
    expect(message.startsWith(`Cannot write the diagnostics file to ${path.join(dataDir, 'diagnostics')}${path.sep}till-companion-diagnostics-`)).toBe(true);
    expect(message).toMatch(/: .*(EEXIST|ENOTDIR)/);
  });
});
