import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseServiceArgs, UsageError } from '../../../main/service/args';
import { createGuard } from '../../../main/http/guard';

describe('service-mode arguments', () => {
  it('parses the documented flags', () => {
    const o = parseServiceArgs(['--data-dir', '/tmp/d', '--port', '0', '--host', '127.0.0.1', '--demo', '--config', '/etc/till.json', '--api-token', 'abcdefgh12'], {});
    expect(o).toMatchObject({ dataDir: '/tmp/d', port: 0, host: '127.0.0.1', demo: true, configFile: '/etc/till.json', apiToken: 'abcdefgh12' });
  });

  it('defaults the settings file into the data dir and takes TILL_API_TOKEN from the environment', () => {
    const o = parseServiceArgs(['--data-dir', 'rel/dir'], { TILL_API_TOKEN: 'from-env-token' });
    expect(o.configFile).toBe(path.resolve('rel/dir', 'settings.json'));
    expect(o.apiToken).toBe('from-env-token');
    expect(parseServiceArgs([], {}).apiToken).toBeUndefined();
  });

  it('maps the Custobar, inbox, schedule and serial flags to settings overrides', () => {
    const o = parseServiceArgs(
      ['--custobar-url', 'https://acme.custobar.com/api/', '--custobar-auth', 'bearer', '--inbox', '/srv/pos/out', '--schedule', 'all=continuous', '--schedule', 'sales=*/15 * * * *', '--serial', 'COM3@115200'],
      {},
    );
    expect(o.overrides).toEqual({
      scanner: { kind: 'serial', serial: { path: 'COM3', baudRate: 115200 } },
      custobar: { baseUrl: 'https://acme.custobar.com', authScheme: 'Bearer' },
      exports: {
        inboxDir: '/srv/pos/out',
        schedules: { customers: 'continuous', products: 'continuous', sales: '*/15 * * * *', shops: 'continuous', events: 'continuous' },
      },
    });
    expect(() => parseServiceArgs(['--schedule', 'orders=continuous'], {})).toThrow(/type must be/);
    expect(() => parseServiceArgs(['--schedule', 'sales=sometimes'], {})).toThrow(/cron expression/);
    // Checked by croner, as the setting is: five fields that cannot run are refused too.
    expect(() => parseServiceArgs(['--schedule', 'sales=99 99 * * *'], {})).toThrow(/Invalid value for minute/);
    expect(() => parseServiceArgs(['--custobar-auth', 'basic'], {})).toThrow(/token or bearer/);
    expect(() => parseServiceArgs(['--serial', '/dev/ttyS0@fast'], {})).toThrow(/baud rate/);
  });

  it('takes the permissions poll schedule (seconds allowed) and the JSONL folder; "all" leaves the poll alone', () => {
    const options = parseServiceArgs(['--schedule', 'all=continuous', '--schedule', 'permissions=*/5 * * * * *', '--permissions-out', 'pos/permissions'], {});
    expect(options.overrides.permissions).toEqual({ schedule: '*/5 * * * * *', outDir: path.resolve('pos/permissions') });
    expect((options.overrides.exports as { schedules: Record<string, string> }).schedules).not.toHaveProperty('permissions');
    expect(parseServiceArgs(['--schedule', 'permissions=off'], {}).overrides.permissions).toEqual({ schedule: 'off' });
    expect(() => parseServiceArgs(['--schedule', 'permissions=continuous'], {})).toThrow(/--schedule permissions=continuous: .*cron expression/);
    expect(() => parseServiceArgs(['--schedule', 'permissions=*/15 * * *'], {})).toThrow(/5 or 6 fields/);
    expect(() => parseServiceArgs(['--schedule', 'permissions=61 * * * *'], {})).toThrow(/not a valid cron expression/);
  });

  it('takes the IT policy file from --policy or TILL_POLICY_FILE, the flag first', () => {
    expect(parseServiceArgs([], {}).policyFile).toBeUndefined();
    expect(parseServiceArgs([], { TILL_POLICY_FILE: '' }).policyFile).toBeUndefined();
    expect(parseServiceArgs([], { TILL_POLICY_FILE: 'etc/till-policy.json' }).policyFile).toBe(path.resolve('etc/till-policy.json'));
    expect(parseServiceArgs(['--policy', '/etc/till/policy.json'], { TILL_POLICY_FILE: '/other.json' }).policyFile).toBe(path.resolve('/etc/till/policy.json'));
  });

  it('explains bad input', () => {
    expect(() => parseServiceArgs(['--port', 'eighty'], {})).toThrow(UsageError);
    expect(() => parseServiceArgs(['--port', '70000'], {})).toThrow(/0 to 65535/);
    expect(() => parseServiceArgs(['--bogus'], {})).toThrow(/bogus/);
    expect(() => parseServiceArgs(['--api-token', 'short'], {})).toThrow(/at least 8/);
  });
});

describe('request guard', () => {
  const guard = createGuard({ host: '127.0.0.1', port: 4780, token: 'the-right-token', allowOwnOrigin: true });
  const req = (headers: Record<string, string>) => headers;

  it('requires the bearer token for API calls', () => {
    expect(guard.check(req({ host: '127.0.0.1:4780' }), 'token')).toMatchObject({ status: 401 });
    expect(guard.check(req({ host: '127.0.0.1:4780', authorization: 'Bearer nope' }), 'token')).toMatchObject({ status: 401 });
    expect(guard.check(req({ host: '127.0.0.1:4780', authorization: 'Bearer the-right-token' }), 'token')).toBeNull();
    expect(guard.check(req({ host: '127.0.0.1:4780' }), 'public')).toBeNull();
  });

  it('refuses foreign origins and rebinding host names even with the token', () => {
    const auth = { authorization: 'Bearer the-right-token' };
    expect(guard.check(req({ ...auth, host: '127.0.0.1:4780', origin: 'https://evil.example' }), 'token')).toMatchObject({ status: 403 });
    expect(guard.check(req({ ...auth, host: '127.0.0.1:4780', origin: 'http://127.0.0.1:4781' }), 'token')).toMatchObject({ status: 403 });
    expect(guard.check(req({ ...auth, host: 'evil.example:4780' }), 'token')).toMatchObject({ status: 403 });
    expect(guard.check(req({ ...auth, host: 'localhost:4780', origin: 'http://localhost:4780' }), 'token')).toBeNull();
  });
});
