import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryLogger } from '../../main/core/logging/logger';
import { parseServiceArgs } from '../../main/service/args';
import { startService, type RunningService } from '../../main/service/run-service';
import { tempDir } from '../helpers/service-process';

const TOKEN = 'permissions-demo-token';

/** A newcomer, no account: the demo's simulator changes a permission and pushes it to the app's webhook. */
describe('marketing permissions in the demo', () => {
  const running: RunningService[] = [];
  afterEach(async () => {
    for (const s of running.splice(0)) await s.stop();
  });

  it('a permission changed in the demo Custobar arrives through the webhook and is in the POS feed', async () => {
    const service = await startService(parseServiceArgs(['--port', '0', '--data-dir', tempDir(), '--api-token', TOKEN, '--demo'], {}), { logger: createMemoryLogger() });
    running.push(service);
    const sim = service.demo!.simulator;
    expect(service.companion.permissions.status().webhook.enabled).toBe(true);

    const report = await sim.churnPermission();
    expect(report).not.toBeNull();
    await sim.webhookIdle();
    expect(sim.state.webhookCalls.at(-1)).toMatchObject({ status: 200 });

    const res = await fetch(`${service.url}/ingest/permissions`, { headers: { authorization: `Bearer ${TOKEN}` } });
    const { changes } = (await res.json()) as { changes: Record<string, unknown>[] };
    const arrived = changes.find((c) => c.source === 'webhook')!;
    expect(arrived).toBeDefined();
    const state = report!.permissions as Record<string, boolean>;
    expect({ can_sms: arrived.can_sms, can_email: arrived.can_email }).toEqual({ can_sms: state.can_sms, can_email: state.can_email });
    expect(service.companion.permissions.status().webhook).toMatchObject({ lastReceived: 1, lastApplied: 1 });
  });
});
