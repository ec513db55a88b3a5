import { describe, expect, it } from 'vitest';
import { checkAddress } from '../../../main/core/setup/addresses';

describe('setup addresses', () => {
  it('allows plain http only to this computer', () => {
    for (const host of ['localhost', '127.0.0.1', '127.4.5.6', '[::1]']) expect(checkAddress(`http://${host}:4000`, 'Custobar'), host).toMatchObject({ ok: true });
    for (const host of ['10.0.0.1', 'acme.custobar.com', '127.example.com', 'localhost.example.com']) {
      expect(checkAddress(`http://${host}`, 'Custobar'), host).toMatchObject({ ok: false, code: 'https_required' });
    }
    expect(checkAddress('http://127.0.0.1:4000', 'Custobar')).toEqual({ ok: true, url: 'http://127.0.0.1:4000' });
    expect(checkAddress('http://acme.custobar.com', 'Custobar')).toMatchObject({ ok: false, code: 'https_required' });
  });

  it('normalises: spaces, trailing slashes, upper-case host, and /api for Custobar only', () => {
    expect(checkAddress('  https://ACME.custobar.com/  ', 'Custobar', { stripApi: true })).toEqual({ ok: true, url: 'https://acme.custobar.com' });
    expect(checkAddress('https://acme.custobar.com/api/', 'Custobar', { stripApi: true })).toEqual({ ok: true, url: 'https://acme.custobar.com' });
    expect(checkAddress('https://benefits.example.com/v1/api/', 'benefits service')).toEqual({ ok: true, url: 'https://benefits.example.com/v1/api' });
  });

  it('says why an address is refused', () => {
    expect(checkAddress('', 'Custobar')).toMatchObject({ ok: false, code: 'required' });
    expect(checkAddress('acme.custobar.com', 'Custobar')).toMatchObject({ ok: false, code: 'invalid_address' });
    expect(checkAddress('ftp://acme.custobar.com', 'Custobar')).toMatchObject({ ok: false, code: 'invalid_address' });
    expect(checkAddress('https://user:pw@acme.custobar.com', 'Custobar')).toMatchObject({ ok: false, code: 'invalid_address' });
    expect(checkAddress('https://acme.custobar.com/?x=1', 'Custobar')).toMatchObject({ ok: false, code: 'invalid_address' });
  });
});
