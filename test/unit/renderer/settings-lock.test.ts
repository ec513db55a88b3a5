import { describe, expect, it } from 'vitest';
import { lockOf } from '../../../renderer/src/views/settings-fields';

describe('read-only settings fields', () => {
  it('says "managed by IT" for policy paths, "locked" for other fixed paths, nothing otherwise', () => {
    const view = { locked: ['custobar', 'general.shopId', 'updates.feedUrl'], managed: ['updates'] };
    expect(lockOf(view, 'updates.feedUrl')).toBe('managed');
    expect(lockOf(view, 'updates.channel')).toBe('managed');
    expect(lockOf(view, 'custobar.baseUrl')).toBe('locked');
    expect(lockOf(view, 'general.shopId')).toBe('locked');
    // A shared prefix is not a parent path.
    expect(lockOf(view, 'general.shopIdExtra')).toBeNull();
    expect(lockOf(view, 'general.tillId')).toBeNull();
  });
});
