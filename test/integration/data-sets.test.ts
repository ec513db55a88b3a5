import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { unzipSync } from 'fflate';
import { createMemoryLogger, flushLogger } from '../../main/core/logging/logger';
import { parseServiceArgs } from '../../main/service/args';
import { startService, type RunningService } from '../../main/service/run-service';
import { startApp } from '../../main/app/start-app';
import { serviceAppPorts } from '../helpers/app';
import { api, tempDir } from '../helpers/service-process';
import { readUntil } from '../helpers/sse';

const TOKEN = 'data-set-token-123';

/** The demo and the store's data live apart; the setup screen's choice switches between them. */
describe('demo and store data sets', () => {
  const running: RunningService[] = [];
  const start = async (dataDir: string, flags: string[] = []) => {
    const service = await startService(parseServiceArgs(['--port', '0', '--data-dir', dataDir, '--api-token', TOKEN, '--no-demo-feed', ...flags], {}), {
      logger: createMemoryLogger(),
    });
    running.push(service);
    return service;
  };
  afterEach(async () => {
    for (const s of running.splice(0)) await s.stop();
  });

  it('starts on the store’s empty data set at first run, and keeps the demo’s data apart from it', async () => {
    const dataDir = tempDir();
    const service = await start(dataDir);
    expect(service.profile).toBe('none');
    expect(service.companion.context.config.demo).toBe(false);

    await service.companion.api['settings.update']({ patch: { general: { language: 'fi' } } });
    await service.switchTo('demo');
    expect(service.profile).toBe('demo');
    expect(service.companion.context.config.demo).toBe(true);
    // The language chosen on the setup screen carries over into the demo.
    expect(service.companion.context.settings.get().general.language).toBe('fi');
    expect(service.companion.context.config.dataDir).toBe(path.join(dataDir, 'demo'));
    service.companion.exports.ingest('customers', [{ external_id: 'DEMO-ONLY-1' }], { partial: false, source: 'test' });
    await service.companion.api['settings.update']({ patch: { general: { shopId: 'DEMO-SHOP' } } });
    // The demo pins its simulator's address, but only in its own settings: the store's stay open.
    const refused = await api<{ ok: boolean }>(service.url, TOKEN, 'settings.update', { patch: { custobar: { baseUrl: 'https://acme.custobar.com' } } });
    expect(refused.body.ok).toBe(false);

    await service.switchTo('real');
    expect(service.profile).toBe('none');
    expect(service.demo).toBeNull();
    expect(service.companion.exports.store.counts('customers').pending).toBe(0);
    expect(service.companion.context.settings.get().general.shopId).toBe('STORE-1');
    const saved = await api<{ ok: boolean }>(service.url, TOKEN, 'settings.update', { patch: { custobar: { baseUrl: 'https://acme.custobar.com' } } });
    expect(saved.body.ok).toBe(true);
    expect(JSON.parse(fs.readFileSync(path.join(dataDir, 'settings.json'), 'utf8')).custobar.baseUrl).toBe('https://acme.custobar.com');

    await service.switchTo('demo');
    // Back in the demo, its data is as it was left.
    expect(service.companion.context.settings.get().general.shopId).toBe('DEMO-SHOP');
    expect(fs.existsSync(path.join(dataDir, 'demo', 'till-companion.db'))).toBe(true);
    expect(service.companion.context.settings.get().custobar.baseUrl).toBe(service.demo!.simulator.url);
  });

  it('remembers the choice across a restart, and --demo does not overwrite it', async () => {
    const dataDir = tempDir();
    const first = await start(dataDir);
    await first.switchTo('demo');
    await first.stop();
    running.splice(0);
    const second = await start(dataDir);
    expect(second.profile).toBe('demo');
    await second.switchTo('real');
    await second.stop();
    running.splice(0);
    const flagged = await start(dataDir, ['--demo']);
    expect(flagged.profile).toBe('demo');
    await flagged.stop();
    running.splice(0);
    expect((await start(dataDir)).profile).toBe('none');
  });

  it('keeps the server, its token and a connected event stream across a switch', async () => {
    const service = await start(tempDir());
    const port = service.server!.port;
    const controller = new AbortController();
    const res = await fetch(`${service.url}/api/events`, { headers: { Authorization: `Bearer ${TOKEN}` }, signal: controller.signal });
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    await reader.read();
    await service.switchTo('demo');
    await readUntil(reader, '"demo":true');
    controller.abort();
    expect(service.server!.port).toBe(port);
    const info = await api<{ value: { demo: boolean } }>(service.url, TOKEN, 'app.info');
    expect(info.body.value.demo).toBe(true);
  });

  it('starts an existing configured install on the store’s data set without asking', async () => {
    const dataDir = tempDir();
    fs.writeFileSync(path.join(dataDir, 'settings.json'), JSON.stringify({ custobar: { baseUrl: 'https://acme.custobar.com' } }));
    expect((await start(dataDir)).profile).toBe('real');
  });
});

describe('a switch that fails', () => {
  it('stays on the data set it had, and the next switch still works', async () => {
    const dataDir = tempDir();
    let demoBroken = true;
    const ports = serviceAppPorts(dataDir, TOKEN, { logger: createMemoryLogger() });
    const app = await startApp({
      ...ports,
      demoSettingsBackend: (dir) => {
        if (demoBroken) throw new Error('demo settings unreadable');
        return ports.demoSettingsBackend(dir);
      },
    });
    try {
      await expect(app.switchTo('demo')).rejects.toThrow('demo settings unreadable');
      expect(app.profile).toBe('none');
      expect(app.companion.context.config.demo).toBe(false);
      expect((await app.companion.api['setup.state']({})).profile).toBe('none');
      demoBroken = false;
      await app.switchTo('demo');
      expect(app.profile).toBe('demo');
    } finally {
      await app.stop();
    }
  });
});

describe('the demo’s diagnostics', () => {
  it('hold the app’s log, which stays in <data-dir>/logs whichever data set runs', async () => {
    const dataDir = tempDir();
    const service = await startService(parseServiceArgs(['--port', '0', '--data-dir', dataDir, '--api-token', TOKEN, '--no-demo-feed', '--demo', '--log-level', 'warn'], {}));
    try {
      service.logger.warn('demo-diagnostics-marker');
      await flushLogger(service.logger);
      const { path: zipPath } = await service.companion.api['diagnostics.export']({});
      const files = unzipSync(fs.readFileSync(zipPath));
      const logs = Object.keys(files).filter((name) => name.startsWith('logs/'));
      expect(logs.length).toBeGreaterThan(0);
      expect(logs.some((name) => Buffer.from(files[name]!).toString('utf8').includes('demo-diagnostics-marker'))).toBe(true);
    } finally {
      await service.stop();
    }
  });
});
