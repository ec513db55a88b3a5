import fs from 'node:fs';
import path from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type RunningApp } from '../../main/app/start-app';
import { tempDir } from '../helpers/service-process';
import { serviceAppPorts } from '../helpers/app';

const TOKEN = 'diagnostics-api-token-0123456789';

/**
 * Service mode as support would use it: `curl -X POST …/api/diagnostics.export`, with the real log
 * file the start-up opens. The logger masks phones and e-mails itself but knows nothing of names, so
 * the customer's name is in the log file and only the export's redaction keeps it out of the zip.
 */
describe('diagnostics.export over service-mode HTTP', () => {
  let app: RunningApp;
  let dataDir: string;
  beforeAll(async () => {
    dataDir = tempDir();
    app = await startApp(serviceAppPorts(dataDir, TOKEN, { env: { TILL_CUSTOBAR_TOKEN: 'SECRET-TOKEN-123456' } }));
  });
  afterAll(async () => app?.stop());

  it('answers the path of a zip whose log has the lines logged so far, without the name in them', async () => {
    app.logger.info('customer found', { customer: { first_name: 'Aino', last_name: 'Virtanen', phone_number: '+358401234567' } });
    const res = await fetch(`${app.server!.url}/api/diagnostics.export`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' },
      body: '{}',
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { ok: boolean; value: { path: string } };
    expect(body.ok).toBe(true);
    expect(path.dirname(body.value.path)).toBe(path.join(dataDir, 'diagnostics'));

    const raw = fs.readFileSync(path.join(dataDir, 'logs', 'till-companion.log'), 'utf8');
    expect(raw).toContain('Aino'); // the premise: the log file itself has the name
    const files = Object.fromEntries(Object.entries(unzipSync(fs.readFileSync(body.value.path))).map(([n, d]) => [n, strFromU8(d)]));
    expect(files['logs/till-companion.log']).toContain('customer found');
    for (const [name, text] of Object.entries(files)) {
      for (const secret of ['Aino', 'Virtanen', '401234567', 'SECRET-TOKEN-123456', TOKEN]) expect(text, `${name} contains ${secret}`).not.toContain(secret);
    }
  });
});
