import { describe, expect, it } from 'vitest';
import { policyFilePath } from '../../../main/electron/policy-path';

describe('the policy file location', () => {
  it('is machine-wide on every platform', () => {
    expect(policyFilePath('win32', { ProgramData: 'D:\\Data' })).toBe('D:\\Data\\Till Companion\\policy.json');
    expect(policyFilePath('win32', { PROGRAMDATA: 'E:\\PD' })).toBe('E:\\PD\\Till Companion\\policy.json');
    expect(policyFilePath('win32', {})).toBe('C:\\ProgramData\\Till Companion\\policy.json');
    expect(policyFilePath('linux', { ProgramData: 'ignored' })).toBe('/etc/till-companion/policy.json');
    expect(policyFilePath('darwin', {})).toBe('/Library/Application Support/Till Companion/policy.json');
  });
});
