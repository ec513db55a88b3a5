import { isLoopbackHost } from '../../../preload/schemas/settings';

/**
 * Service addresses typed on the setup screen. Tokens travel in every request, so anything but this
 * computer must be reached over https; plain http is allowed only for loopback (the simulator, a
 * local proxy). The settings schema enforces the same rule (and this uses its loopback test, so the
 * two never disagree); checking here first gives the manager a message about the field.
 */
export type AddressCheck =
  | { ok: true; url: string }
  | { ok: false; code: 'required' | 'invalid_address' | 'https_required'; message: string };

/**
 * Checks and normalises one address. `stripApi`: Custobar's address is the tenant, and the app adds
 * /api/… itself, so a pasted "https://acme.custobar.com/api/" is taken as the tenant rather than
 * failing later with a 404 the manager cannot explain.
 */
export function checkAddress(raw: string, service: string, options: { stripApi?: boolean } = {}): AddressCheck {
  const text = raw.trim();
  if (text === '') return { ok: false, code: 'required', message: `Type the ${service} address.` };
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { ok: false, code: 'invalid_address', message: `The ${service} address is not a web address. It looks like https://example.com.` };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return { ok: false, code: 'invalid_address', message: `The ${service} address must start with https://.` };
  }
  if (url.username || url.password || url.search || url.hash) {
    return { ok: false, code: 'invalid_address', message: `The ${service} address must not contain a user name, ? or #.` };
  }
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    return { ok: false, code: 'https_required', message: `The ${service} address must use https:// (plain http only for this computer).` };
  }
  let pathname = url.pathname.replace(/\/+$/, '');
  if (options.stripApi) pathname = pathname.replace(/\/api$/i, '');
  return { ok: true, url: `${url.origin}${pathname}` };
}
