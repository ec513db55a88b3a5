import { randomInt } from 'node:crypto';
import { demoCustomers } from './seed';

/**
 * Demo mode's stand-in for a POS: it pushes a product catalogue, then a steady stream of realistic
 * sales (and now and then a new customer) into the ingest API, so the Status view shows real
 * movement through the outbox.
 */
const products = [
  ['P-1001', 'Dog food 12 kg', 'Pets', 5490],
  ['P-1002', 'Cat litter 10 l', 'Pets', 1290],
  ['P-2001', 'Garden hose 25 m', 'Garden', 3990],
  ['P-2002', 'Pruning shears', 'Garden', 2490],
  ['P-3001', 'Coffee 500 g', 'Grocery', 799],
  ['P-3002', 'Rye bread', 'Grocery', 349],
  ['P-4001', 'Work gloves', 'Tools', 990],
  ['P-4002', 'Cordless drill', 'Tools', 12900],
] as const;

export interface DemoFeeder {
  stop(): void;
  sent(): number;
}

export function startDemoFeeder(options: { ingestUrl: string; token: string; intervalMs?: number; shopId?: string; onError?: (e: Error) => void }): DemoFeeder {
  let sales = 0;
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  const post = async (type: string, records: unknown[]): Promise<void> => {
    const res = await fetch(`${options.ingestUrl}/ingest/${type}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${options.token}` },
      body: JSON.stringify(records),
    });
    if (res.status !== 202) throw new Error(`demo feeder: ${type} ingest answered ${res.status}`);
  };
  const shop = options.shopId ?? 'STORE-1';
  const sale = () => {
    sales += 1;
    const id = `DEMO-${Date.now().toString(36)}-${sales}`;
    const customer = randomInt(3) === 0 ? undefined : demoCustomers[randomInt(demoCustomers.length)]!.external_id;
    const lines = Array.from({ length: 1 + randomInt(4) }, (_, i) => {
      const [productId, , , price] = products[randomInt(products.length)]!;
      const quantity = 1 + randomInt(3);
      return { external_id: `${id}-${i + 1}`, product_id: productId, quantity, unit_price: price, total: price * quantity };
    });
    const total = lines.reduce((sum, l) => sum + l.total, 0);
    return lines.map((line) => ({
      sale_external_id: id,
      sale_date: new Date().toISOString(),
      sale_shop_id: shop,
      sale_total: total,
      sale_payment_method: randomInt(4) === 0 ? 'cash' : 'card',
      ...(customer ? { sale_customer_id: customer } : {}),
      ...line,
    }));
  };
  const tick = async (): Promise<void> => {
    if (stopped) return;
    try {
      await post('sales', sale());
      if (randomInt(8) === 0) {
        const n = 1000 + randomInt(9000);
        await post('customers', [{ external_id: `DEMO-C-${n}`, first_name: 'Demo', last_name: `Customer ${n}`, can_email: randomInt(2) === 0 }]);
      }
    } catch (error) {
      options.onError?.(error as Error);
    }
    if (!stopped) timer = setTimeout(() => void tick(), (options.intervalMs ?? 3000) * (0.5 + Math.random()));
  };
  void (async () => {
    try {
      await post('shops', [{ external_id: shop, name: 'Demo store' }]);
      await post('products', products.map(([external_id, title, category, price]) => ({ external_id, title, category, price })));
    } catch (error) {
      options.onError?.(error as Error);
    }
    await tick();
  })();
  return {
    stop: () => {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
    sent: () => sales,
  };
}
