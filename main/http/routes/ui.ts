import type { RoutePlugin } from '../server';
import { staticFile } from '../static-files';

/**
 * The built renderer, public: the page holds no data; everything it shows comes through the
 * token-protected contract API. Any path without a file extension is a client-side view.
 */
export function uiRoutes(rendererDir: string): RoutePlugin {
  return (app) => {
    app.get('/*', { config: { auth: 'public' } }, (request, reply) => {
      const answer = staticFile(rendererDir, request.url.split('?')[0]!);
      return reply.code(answer.status).headers(answer.headers).send(answer.body);
    });
  };
}
