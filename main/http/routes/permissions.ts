import { webhookSecretMatches } from '../guard';
import { replyError, replyJson } from '../replies';
import type { RoutePlugin } from '../server';

/** What the routes need of the running data set's permissions (null while a data set switches). */
export interface PermissionsHttp {
  changesSince(since: string | undefined, limit: number): { changes: unknown[]; next: string };
  webhookSecret(): string | undefined;
  receiveWebhook(items: readonly unknown[]): { received: number; applied: number };
}

/** Custobar sends a full state per customer; a big tenant's push still fits. */
const WEBHOOK_BODY = 16 * 1024 * 1024;
const DEFAULT_LIMIT = 500;
const MAX_LIMIT = 5000;

/**
 * The permission changes for the POS (GET /ingest/permissions, with the ingest/API token) and
 * Custobar's marketing-permission webhook (POST /webhooks/permissions, with its shared secret).
 */
export function permissionRoutes(current: () => PermissionsHttp | null): RoutePlugin {
  return (app) => {
    app.get<{ Querystring: { since?: string; limit?: string } }>('/ingest/permissions', { config: { auth: 'token', errors: 'ingest' } }, async (request, reply) => {
      const { since, limit } = request.query;
      if (since !== undefined && since !== '' && !/^\d{1,15}$/.test(since)) return replyError(reply, 'ingest', 400, 'since must be a cursor this endpoint returned as "next"');
      if (limit !== undefined && !/^\d{1,5}$/.test(limit)) return replyError(reply, 'ingest', 400, `limit must be a number from 1 to ${MAX_LIMIT}`);
      const permissions = current();
      if (!permissions) return replyError(reply, 'ingest', 503, 'The app is switching data sets; try again in a moment');
      const n = limit === undefined ? DEFAULT_LIMIT : Math.min(MAX_LIMIT, Math.max(1, Number(limit)));
      return replyJson(reply, 200, permissions.changesSince(since, n));
    });

    app.post('/webhooks/permissions', { config: { auth: 'secret', errors: 'ingest' }, bodyLimit: WEBHOOK_BODY }, async (request, reply) => {
      const permissions = current();
      if (!permissions) return replyError(reply, 'ingest', 503, 'The app is switching data sets; try again in a moment');
      const secret = permissions.webhookSecret();
      // Without a shared secret the webhook does not exist: nobody can push permissions unchecked.
      if (!secret) return replyError(reply, 'ingest', 404, 'The permissions webhook is off (no shared secret set)');
      if (!webhookSecretMatches(request.headers.authorization, secret)) {
        return replyError(reply, 'ingest', 401, 'Missing or wrong webhook secret');
      }
      const body = request.body;
      const items = Array.isArray(body) ? body : body && typeof body === 'object' ? (body as { items?: unknown }).items : undefined;
      if (!Array.isArray(items)) return replyError(reply, 'ingest', 400, 'expected a JSON list of customers\' permissions, or {"items": [...]}');
      return replyJson(reply, 200, permissions.receiveWebhook(items));
    });
  };
}
