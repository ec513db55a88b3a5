import type { CustobarClient } from '../custobar/client';
import type { CustobarRecord } from '../custobar/types';
import type { PermissionStore } from './permission-store';
import { toIncoming } from './incoming';

/** Only what the snapshot needs: a projection keeps every page small. */
export const POLL_FIELDS = 'external_id,phone_number,email,can_email,can_sms,can_post,can_profile,can_push,is_forgotten,is_deleted';

export interface PollProgress {
  pages: number;
  customers: number;
  changes: number;
  purged: number;
}

/**
 * Fetches the next page while the current one is compared, so a pass costs about one walk over the
 * pages; at most two pages are held at a time, whatever the tenant's size.
 */
async function* readAhead<T>(pages: AsyncGenerator<T, void, void>): AsyncGenerator<T, void, void> {
  let next = pages.next();
  try {
    for (;;) {
      const current = await next;
      if (current.done) return;
      next = pages.next();
      // A failure of the page fetched ahead surfaces when it is awaited, not as an unhandled rejection.
      next.catch(() => undefined);
      yield current.value;
    }
  } finally {
    await pages.return(undefined);
  }
}

/**
 * One pass over Custobar's customers: every page is diffed against the snapshot in its own
 * transaction (a page's work is short, so the till never waits on a long write).
 */
export async function pollPermissions(
  client: CustobarClient,
  store: PermissionStore,
  options: { pageSize: number; defaultCountry: string; signal?: AbortSignal; onPage?: (progress: PollProgress) => void },
): Promise<PollProgress> {
  const progress: PollProgress = { pages: 0, customers: 0, changes: 0, purged: 0 };
  for await (const page of readAhead(client.readPages('customers', { fields: POLL_FIELDS, limit: String(options.pageSize) }, options.signal))) {
    const items = page.map((r: CustobarRecord) => toIncoming(r, options.defaultCountry)).filter((i) => i !== null);
    const result = store.apply(items, 'poll');
    progress.pages += 1;
    progress.customers += page.length;
    progress.changes += result.changes;
    progress.purged += result.purged;
    options.onPage?.(progress);
  }
  return progress;
}
