import { describe, expect, it } from 'vitest';
import { methods, type CompanionApi } from '../../../preload/contract';
import { createDispatch, httpStatusFor } from '../../../main/core/contract-dispatch';
import { CompanionError } from '../../../main/core/common/errors';
import { createMemoryLogger } from '../../../main/core/logging/logger';

const info = { name: 'Till Companion', version: '1', mode: 'service', demo: false, platform: 'x', startedAt: 'now', tillId: 't', shopId: 's' } as const;

function apiWith(overrides: Partial<Record<keyof CompanionApi, (input: never) => Promise<unknown>>>): CompanionApi {
  return new Proxy({} as CompanionApi, {
    get: (_t, name: string) => overrides[name as keyof CompanionApi] ?? (async () => info),
  });
}

describe('contract dispatch', () => {
  it('refuses unknown methods, including prototype names', async () => {
    const dispatch = createDispatch(apiWith({}), createMemoryLogger());
    for (const name of ['nope', '__proto__', 'constructor', 'toString']) {
      await expect(dispatch(name, {})).resolves.toMatchObject({ ok: false, error: { code: 'unknown_method' } });
    }
  });

  it('validates input against the contract and says what is wrong', async () => {
    const dispatch = createDispatch(apiWith({}), createMemoryLogger());
    const result = await dispatch('settings.update', { patch: 'not an object' });
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(!result.ok && result.error.message).toContain('patch');
    await expect(dispatch('app.info', { unexpected: true })).resolves.toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    await expect(dispatch('app.info', undefined)).resolves.toMatchObject({ ok: true, value: info });
  });

  it('passes CompanionError codes through and hides other errors behind "internal"', async () => {
    const logger = createMemoryLogger();
    const dispatch = createDispatch(
      apiWith({
        'status.get': async () => {
          throw new CompanionError('conflict', 'already used');
        },
        'settings.get': async () => {
          throw new Error('SQLITE_CORRUPT at /secret/path');
        },
      }),
      logger,
    );
    await expect(dispatch('status.get', {})).resolves.toEqual({ ok: false, error: { code: 'conflict', message: 'already used' } });
    const hidden = await dispatch('settings.get', {});
    expect(hidden).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(JSON.stringify(hidden)).not.toContain('/secret/path');
    expect(logger.lines.join('\n')).toContain('SQLITE_CORRUPT');
  });

  it('refuses to send an answer that breaks the contract', async () => {
    const logger = createMemoryLogger();
    const dispatch = createDispatch(apiWith({ 'app.info': async () => ({ name: 1 }) }), logger);
    await expect(dispatch('app.info', {})).resolves.toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(logger.lines.join('\n')).toContain('outside the contract');
  });

  it('maps every error code to an HTTP status', () => {
    for (const code of Object.keys(httpStatusFor)) expect(httpStatusFor[code as keyof typeof httpStatusFor]).toBeGreaterThanOrEqual(400);
    expect(Object.keys(methods).length).toBeGreaterThan(3);
  });
});
