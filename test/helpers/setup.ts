import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Profile } from '../../preload/contract';
import type { ProfilePort } from '../../main/core/setup/setup-methods';

/** A ProfilePort that records switches and takes them at once (the real one restarts the app). */
export function fakeProfile(initial: Profile): ProfilePort & { switches: ('demo' | 'real')[] } {
  let current = initial;
  const switches: ('demo' | 'real')[] = [];
  return {
    switches,
    current: () => current,
    switchTo: (profile) => {
      switches.push(profile);
      current = profile;
    },
  };
}

/** A local server answering every request with `handler`, for answers the simulator never gives. */
export async function startStubServer(handler: http.RequestListener): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A loopback port nothing listens on: one a server just held and released. */
export async function closedPort(): Promise<number> {
  const stub = await startStubServer(() => undefined);
  const port = Number(new URL(stub.url).port);
  await stub.close();
  return port;
}
