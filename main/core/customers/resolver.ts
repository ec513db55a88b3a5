import type { CustomerCache } from './customer-cache';
import type { CustomerSource, LookupResult } from './customer';

/**
 * Card → customer: the configured source (Custobar or Solteq), with the till's cache as the fallback
 * when the source cannot be reached, so identification keeps working offline.
 */
export class CustomerResolver {
  constructor(
    private readonly source: () => CustomerSource | null,
    private readonly cache: CustomerCache,
    private readonly timeoutMs: () => number,
  ) {}

  cached(cardId: string) {
    return this.cache.get(cardId);
  }

  /** A fresh lookup with a time limit. Found customers refresh the cache. */
  async lookup(cardId: string): Promise<LookupResult> {
    const source = this.source();
    if (!source) {
      const cached = this.cache.get(cardId);
      return cached ? { kind: 'found', customer: cached } : { kind: 'not_found' };
    }
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.timeoutMs());
    try {
      const result = await source.lookup(cardId, controller.signal);
      if (result.kind === 'found') this.cache.put([result.customer], source.name);
      if (controller.signal.aborted && result.kind !== 'found') return { kind: 'offline', reason: 'the customer lookup took too long' };
      return result;
    } finally {
      clearTimeout(timer);
    }
  }
}
