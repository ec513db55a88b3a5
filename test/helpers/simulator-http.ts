import type { Simulator } from '../../main/simulator/server';

/** Small HTTP helpers for tests that drive the simulator over the wire, as the app does. */
export const simPost = (sim: Simulator, path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${sim.url}${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Token ${sim.token}`, ...headers },
    body: JSON.stringify(body),
  });

export const simGet = (sim: Simulator, pathOrUrl: string) =>
  fetch(pathOrUrl.startsWith('http') ? pathOrUrl : `${sim.url}${pathOrUrl}`, { headers: { Authorization: `Token ${sim.token}` } });

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- test reads of loosely shaped JSON replies
export const jsonOf = async (res: Response | Promise<Response>): Promise<any> => (await res).json();

/** POSTs records to /api/<type>/upload/ in the wrapped form and fails loudly unless Custobar says ok. */
export async function upload(sim: Simulator, type: string, records: unknown[]): Promise<void> {
  const res = await simPost(sim, `/api/${type}/upload/`, { [type]: records });
  if (res.status !== 200) throw new Error(`${type} upload answered ${res.status}: ${await res.text()}`);
}
