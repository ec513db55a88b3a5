import type { AxiosStatic } from 'axios';

let loading: Promise<AxiosStatic> | null = null;

/**
 * axios (with its redirect, proxy and form-data helpers) is the biggest package the core uses; it is
 * loaded with the first request to Custobar, the benefits service or Solteq, not at start, so a
 * cold start reaches its first status screen without reading it.
 */
export function loadAxios(): Promise<AxiosStatic> {
  loading ??= import('axios').then((m) => m.default);
  return loading;
}
