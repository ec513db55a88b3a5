import { webhookSecretMatches } from '../guard';
import { replyError, replyJson } from '../replies';
import type { RoutePlugin } from '../server';

/** What the route needs of the running data set's campaign prompts (null while a data set switches). */
export interface CampaignsHttp {
  webhookSecret(): string | undefined;
  receiveWebhook(body: unknown): { received: number; stored: number; refused: number } | { problem: string };
}

/** A campaign's audience in one push: 100,000 short items fit. */
const WEBHOOK_BODY = 16 * 1024 * 1024;

/**
 * Custobar's push campaigns (POST /webhooks/campaigns, with the campaigns secret): prompts for the
 * cashier to tell a customer when their card is scanned. Bad items are refused one by one (200 with
 * the counts and each item's errors); a body without the list the mapping setting names is a 400.
 */
export function campaignRoutes(current: () => CampaignsHttp | null): RoutePlugin {
  return (app) => {
    app.post('/webhooks/campaigns', { config: { auth: 'secret', errors: 'ingest' }, bodyLimit: WEBHOOK_BODY }, async (request, reply) => {
      const campaigns = current();
      if (!campaigns) return replyError(reply, 'ingest', 503, 'The app is switching data sets; try again in a moment');
      const secret = campaigns.webhookSecret();
      // Without a shared secret the webhook does not exist: nobody can put words on the till unchecked.
      if (!secret) return replyError(reply, 'ingest', 404, 'The campaigns webhook is off (no shared secret set)');
      if (!webhookSecretMatches(request.headers.authorization, secret)) {
        return replyError(reply, 'ingest', 401, 'Missing or wrong webhook secret');
      }
      const result = campaigns.receiveWebhook(request.body);
      if ('problem' in result) return replyError(reply, 'ingest', 400, result.problem);
      return replyJson(reply, 200, result);
    });
  };
}
