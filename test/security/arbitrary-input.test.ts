import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { methodNames } from '../../preload/contract';
import { createMemoryLogger } from '../../main/core/logging/logger';
import { parseServiceArgs } from '../../main/service/args';
import { startService, type RunningService } from '../../main/service/run-service';
import { tempDir } from '../helpers/service-process';

const TOKEN = 'arbitrary-input-token';
const post = (url: string, body: string) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` }, body });

/** Whatever JSON arrives, the answer is never a 5xx: bad input gets a 4xx that says why. */
describe('arbitrary JSON at every ingest type and every contract method', () => {
  let service: RunningService;
  beforeAll(async () => {
    service = await startService(parseServiceArgs(['--port', '0', '--data-dir', tempDir(), '--api-token', TOKEN, '--no-demo-feed'], {}), { logger: createMemoryLogger() });
  });
  afterAll(async () => service?.stop());

  // Records shaped like the real thing, with arbitrary values in real and made-up fields.
  const recordish = fc.dictionary(fc.constantFrom('external_id', 'phone_number', 'email', 'sale_external_id', 'sale_date', 'price', 'type', 'date', 'tags', 'x__y', 'phone_numbr', ''), fc.jsonValue(), { maxKeys: 6 });
  const body = fc.oneof(fc.jsonValue(), fc.array(recordish, { maxLength: 5 }), fc.record({ customers: fc.array(recordish, { maxLength: 3 }) }));

  for (const type of ['customers', 'products', 'sales', 'shops', 'events']) {
    it(`POST /ingest/${type}`, async () => {
      await fc.assert(
        fc.asyncProperty(body, async (value) => {
          const res = await post(`${service.url}/ingest/${type}`, JSON.stringify(value));
          expect(res.status, JSON.stringify(value).slice(0, 300)).toBeLessThan(500);
        }),
        { numRuns: 60 },
      );
    });
  }

  it('POST /api/<method> for every contract method', async () => {
    // Switching data sets or exporting diagnostics are real effects: an arbitrary value that happens to
    // be valid input may run them, which is fine; what it may never do is crash.
    const input = fc.oneof(fc.jsonValue(), fc.dictionary(fc.constantFrom('pin', 'type', 'id', 'ids', 'patch', 'name', 'value', 'phone_number', 'consents', 'limit', 'benefitId'), fc.jsonValue(), { maxKeys: 4 }));
    for (const method of methodNames) {
      await fc.assert(
        fc.asyncProperty(input, async (value) => {
          const res = await post(`${service.url}/api/${method}`, JSON.stringify(value));
          expect(res.status, `${method} ${JSON.stringify(value).slice(0, 200)}`).toBeLessThan(500);
        }),
        { numRuns: 15 },
      );
    }
  });
});
