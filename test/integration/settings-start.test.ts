import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Companion } from '../../main/core/companion';
import { createMemoryLogger } from '../../main/core/logging/logger';
import { createEnvSecretStore, SERVICE_SECRET_ENV } from '../../main/core/secrets/secret-store';
import { parseServiceArgs } from '../../main/service/args';
import { startService, type RunningService } from '../../main/service/run-service';
import { startSimulator, type Simulator } from '../../main/simulator/server';
import { makeCompanion } from '../helpers/companion';
import { waitFor } from '../helpers/pty';
import { api, tempDir } from '../helpers/service-process';

describe('starting with settings that are partly invalid on disk', () => {
  let sim: Simulator;
  let companion: Companion | null = null;
  beforeEach(async () => {
    sim = await startSimulator({ seed: false });
  });
  afterEach(async () => {
    await companion?.close();
    await sim.close();
  });

  const start = (dataDir: string) => makeCompanion({}, dataDir, { secrets: createEnvSecretStore({ TILL_CUSTOBAR_TOKEN: sim.token }, SERVICE_SECRET_ENV) });

  it('starts with the bad field at its default and the rest kept, and its dispatcher sends; so does the next start', async () => {
    const dataDir = tempDir();
    const file = path.join(dataDir, 'settings.json');
    fs.writeFileSync(
      file,
      JSON.stringify({
        exports: { schedules: { sales: '99 99 * * *', customers: 'continuous' } },
        general: { shopId: 'KEEP-ME' },
        custobar: { baseUrl: sim.url, requestsPerMinute: 6000 },
      }),
    );
    companion = await start(dataDir);
    const settings = companion.context.settings.get();
    expect(settings.exports.schedules).toMatchObject({ sales: '0 * * * *', customers: 'continuous' });
    expect(settings.general.shopId).toBe('KEEP-ME');
    const warnings = (await companion.api['status.get']({} as never)).warnings;
    expect(warnings).toEqual([expect.objectContaining({ code: 'settings_invalid_fields', message: expect.stringContaining('exports.schedules.sales') })]);
    // The sales runner has a real schedule (the default), and the customers runner sends.
    expect(companion.exports.dispatcher.runners.sales.state.nextRunAt).not.toBeNull();
    companion.exports.ingest('customers', [{ external_id: 'START-1' }], { partial: false, source: 'test' });
    await waitFor(() => sim.state.uploads.length === 1, 10_000, 'the upload');
    await companion.close();

    companion = await start(dataDir);
    expect(companion.context.settings.get().general.shopId).toBe('KEEP-ME');
    expect(companion.context.settings.get().exports.schedules.sales).toBe('0 * * * *');
    expect((await companion.api['status.get']({} as never)).warnings).toEqual([]);
    companion.exports.ingest('customers', [{ external_id: 'START-2' }], { partial: false, source: 'test' });
    await waitFor(() => sim.state.uploads.length === 2, 10_000, 'the upload after the restart');
  });
});

describe('service mode with an IT policy', () => {
  let service: RunningService | null = null;
  afterEach(async () => {
    await service?.stop();
    service = null;
  });

  function policy(content: unknown): string {
    const file = path.join(tempDir('policy-'), 'till-policy.json');
    fs.writeFileSync(file, JSON.stringify(content));
    return file;
  }

  it('takes the policy from --policy and enforces it over the API', async () => {
    const file = policy({ settings: { general: { shopId: 'FLEET-7' } } });
    service = await startService(parseServiceArgs(['--port', '0', '--data-dir', tempDir(), '--api-token', 'policy-token', '--policy', file], {}), {
      rendererDir: tempDir(),
      logger: createMemoryLogger(),
      env: {},
    });
    const view = await api<{ value: { settings: { general: { shopId: string } }; managed: string[] } }>(service.url, 'policy-token', 'settings.get');
    expect(view.body.value.settings.general.shopId).toBe('FLEET-7');
    expect(view.body.value.managed).toEqual(['general.shopId']);
    const refused = await api<{ ok: boolean; error: { code: string; message: string } }>(service.url, 'policy-token', 'settings.update', { patch: { general: { shopId: 'MINE' } } });
    expect(refused.body).toMatchObject({ ok: false, error: { code: 'forbidden', message: expect.stringContaining('managed by IT') } });
  });

  it('takes the policy from TILL_POLICY_FILE, and reports an invalid one on the Status view', async () => {
    const file = policy({ settings: { general: { shopId: 'FLEET-8', colour: 'red' } } });
    const options = parseServiceArgs(['--port', '0', '--data-dir', tempDir(), '--api-token', 'policy-token'], { TILL_POLICY_FILE: file });
    expect(options.policyFile).toBe(file);
    service = await startService(options, { rendererDir: tempDir(), logger: createMemoryLogger(), env: {} });
    const status = await api<{ value: { warnings: { code: string; message: string }[] } }>(service.url, 'policy-token', 'status.get');
    expect(status.body.value.warnings).toEqual([expect.objectContaining({ code: 'policy_invalid', message: expect.stringContaining('general.colour') })]);
    expect(service.companion.context.settings.get().general.shopId).toBe('STORE-1');
  });
});
