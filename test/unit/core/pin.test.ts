import { describe, expect, it } from 'vitest';
import { hashPin, PinGuard, verifyPin } from '../../../main/core/settings/pin';
import { makeCompanion } from '../../helpers/companion';

describe('manager PIN', () => {
  it('stores a salted hash that verifies only the right PIN', () => {
    const a = hashPin('1234');
    expect(a).not.toContain('1234');
    expect(hashPin('1234')).not.toBe(a);
    expect(verifyPin('1234', a)).toBe(true);
    expect(verifyPin('1235', a)).toBe(false);
    expect(verifyPin('1234', 'garbage')).toBe(false);
  });

  it('locks out after repeated wrong PINs', () => {
    let now = 0;
    const guard = new PinGuard(3, 1000, () => now);
    guard.record(false);
    guard.record(false);
    expect(guard.lockedForMs()).toBe(0);
    guard.record(false);
    expect(guard.lockedForMs()).toBe(1000);
    now = 1001;
    expect(guard.lockedForMs()).toBe(0);
  });

  it('guards settings and secrets in the core once a PIN is set', async () => {
    const companion = await makeCompanion();
    const { api, dispatch } = companion;
    await api['settings.update']({ patch: { general: { shopId: 'S-2' } } });
    await api['manager.setPin']({ newPin: '4321' });
    await expect(dispatch('settings.update', { patch: { general: { shopId: 'S-3' } } })).resolves.toMatchObject({ ok: false, error: { code: 'pin_required', details: { reasonCode: 'pin_missing' } } });
    await expect(dispatch('settings.update', { patch: { general: { shopId: 'S-3' } }, pin: '0000' })).resolves.toMatchObject({ ok: false, error: { message: 'Wrong manager PIN.', details: { reasonCode: 'pin_wrong' } } });
    await expect(dispatch('settings.update', { patch: { general: { shopId: 'S-3' } }, pin: '4321' })).resolves.toMatchObject({ ok: true });
    await expect(dispatch('secrets.set', { name: 'custobarToken', value: 'abc' })).resolves.toMatchObject({ ok: false, error: { code: 'pin_required' } });
    await expect(dispatch('manager.checkPin', { pin: '4321' })).resolves.toMatchObject({ ok: true, value: { valid: true } });
    await expect(dispatch('settings.update', { patch: { manager: { pinHash: '' } }, pin: '4321' })).resolves.toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    const view = await api['settings.get']({});
    expect(view.pinSet).toBe(true);
    expect(JSON.stringify(view)).not.toContain('pinHash');
    await companion.close();
  });
});
