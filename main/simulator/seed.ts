/**
 * Demo data: customers with Cardu card ids and phone numbers, and benefits for them. The README lists
 * these cards, and assets/demo-cards.svg holds their QR codes for trying the demo with a real scanner.
 */
export interface SeedCustomer {
  external_id: string;
  first_name: string;
  last_name: string;
  phone_number: string;
  email: string;
  can_email: boolean;
  can_sms: boolean;
  can_post: boolean;
  can_profile: boolean;
  can_push: boolean;
  mailing_lists: string[];
  city: string;
}

export interface SimBenefit {
  id: string;
  phone_number: string;
  title: string;
  description: string;
  kind: 'percent' | 'amount' | 'item' | 'text';
  value: number;
  valid_until: string;
  /** null = unlimited uses. */
  uses_left: number | null;
}

export const demoCustomers: SeedCustomer[] = [
  { external_id: 'CU-7H3K9P2A', first_name: 'Aino', last_name: 'Virtanen', phone_number: '+358401234567', email: 'aino.virtanen@example.fi', can_email: true, can_sms: true, can_post: false, can_profile: true, can_push: true, mailing_lists: ['newsletter', 'offers'], city: 'Helsinki' },
  { external_id: 'CU-4M8Q1Z6T', first_name: 'Eero', last_name: 'Korhonen', phone_number: '+358501112233', email: 'eero.korhonen@example.fi', can_email: false, can_sms: true, can_post: false, can_profile: true, can_push: false, mailing_lists: [], city: 'Tampere' },
  { external_id: 'CU-9R2W5X8L', first_name: 'Maria', last_name: 'Nieminen', phone_number: '+358442223344', email: 'maria.nieminen@example.fi', can_email: true, can_sms: false, can_post: true, can_profile: false, can_push: false, mailing_lists: ['newsletter'], city: 'Turku' },
  { external_id: 'CU-3B6N0V4C', first_name: 'Lars', last_name: 'Lindqvist', phone_number: '+46701234567', email: 'lars.lindqvist@example.se', can_email: true, can_sms: true, can_post: true, can_profile: true, can_push: true, mailing_lists: ['newsletter', 'offers'], city: 'Stockholm' },
  { external_id: 'CU-8D1F7G3J', first_name: 'Helmi', last_name: 'Mäkelä', phone_number: '+358405556677', email: 'helmi.makela@example.fi', can_email: false, can_sms: false, can_post: false, can_profile: false, can_push: false, mailing_lists: [], city: 'Oulu' },
];

export function demoBenefits(year = new Date().getFullYear() + 1): SimBenefit[] {
  const end = `${year}-12-31`;
  return [
    { id: 'B-1001', phone_number: '+358401234567', title: '-20 % dog food', description: 'One purchase of dog food at 20 % off.', kind: 'percent', value: 20, valid_until: end, uses_left: 1 },
    { id: 'B-1002', phone_number: '+358401234567', title: 'Free coffee', description: 'A cup of coffee on the house, five times.', kind: 'item', value: 1, valid_until: end, uses_left: 5 },
    { id: 'B-1003', phone_number: '+358401234567', title: '5 € off over 50 €', description: 'Five euros off a basket of 50 € or more.', kind: 'amount', value: 500, valid_until: end, uses_left: 1 },
    { id: 'B-2001', phone_number: '+358501112233', title: '-15 % garden tools', description: 'Garden tools at 15 % off.', kind: 'percent', value: 15, valid_until: end, uses_left: 2 },
    { id: 'B-2002', phone_number: '+358501112233', title: 'Member welcome gift', description: 'Ask the cashier for the welcome gift.', kind: 'text', value: 0, valid_until: end, uses_left: null },
    { id: 'B-3001', phone_number: '+358442223344', title: '10 € birthday voucher', description: 'Happy birthday from the store.', kind: 'amount', value: 1000, valid_until: end, uses_left: 1 },
    { id: 'B-4001', phone_number: '+46701234567', title: '-10 % everything', description: 'Ten percent off the whole basket.', kind: 'percent', value: 10, valid_until: end, uses_left: 3 },
  ];
}

/** The demo's campaign prompt: for Eero's card (CU-4M8Q1Z6T), present when the demo starts. */
export const DEMO_PROMPT = {
  externalId: 'CU-4M8Q1Z6T',
  campaignId: 'DEMO-GARDEN-WEEK',
  message: 'Garden week: tell Eero that members get a free pair of gardening gloves with any garden tool this week.',
};

/**
 * The demo prompt as Custobar's push body (the default shape). Valid for a week from `now`: each start
 * of the demo sends a newer one, which replaces one answered in an earlier run, so it shows again.
 */
export function demoPromptBody(now = Date.now()): { items: Record<string, unknown>[] } {
  return {
    items: [
      {
        customer: { external_id: DEMO_PROMPT.externalId },
        campaign_id: DEMO_PROMPT.campaignId,
        message: DEMO_PROMPT.message,
        valid_until: new Date(now + 7 * 86_400_000).toISOString(),
      },
    ],
  };
}

const firstNames = ['Aino', 'Eero', 'Maria', 'Juhani', 'Helmi', 'Onni', 'Sofia', 'Leo', 'Aada', 'Elias', 'Venla', 'Oliver', 'Emma', 'Väinö', 'Lilja', 'Toivo', 'Iida', 'Eino', 'Ella', 'Mikael'];
const lastNames = ['Virtanen', 'Korhonen', 'Nieminen', 'Mäkinen', 'Hämäläinen', 'Laine', 'Heikkinen', 'Koskinen', 'Järvinen', 'Lehtonen', 'Lehtinen', 'Saarinen', 'Salminen', 'Heinonen', 'Niemi', 'Heikkilä', 'Kinnunen', 'Salonen', 'Turunen', 'Salo'];
const cities = ['Helsinki', 'Espoo', 'Tampere', 'Vantaa', 'Oulu', 'Turku', 'Jyväskylä', 'Lahti', 'Kuopio', 'Pori'];
const mobilePrefixes = ['40', '41', '44', '45', '46', '50'];
const NEWSLETTER: readonly string[] = Object.freeze(['newsletter']);
const NO_LISTS: readonly string[] = Object.freeze([]);

const ascii = (s: string) => s.toLowerCase().replace(/ä/g, 'a').replace(/ö/g, 'o').replace(/å/g, 'a');

/** A well-mixed 32-bit hash of (n, salt), so each consent of a synthetic customer is decided independently. */
function hash32(n: number, salt: number): number {
  let h = Math.imul(n ^ Math.imul(salt, 0x9e3779b1), 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

const chance = (n: number, salt: number, rate: number) => hash32(n, salt) / 4294967296 < rate;

/** How many synthetic customers one simulator holds at most: about 0.5 kB each. */
export const MAX_SYNTHETIC_CUSTOMERS = 2_000_000;

/**
 * Synthetic customer number n (1-based) of a big benchmark tenant: the same n always gives the same customer,
 * so two runs page through identical data. Phone numbers are Finnish mobiles in E.164, unique for every n,
 * and above the demo customers' numbers so they never collide with them. Consent rates are loosely those of
 * a retail loyalty register: most allow profiling, fewer e-mail, about half SMS, few post.
 */
export function syntheticCustomer(n: number): Record<string, unknown> {
  const first = firstNames[hash32(n, 1) % firstNames.length]!;
  const last = lastNames[hash32(n, 2) % lastNames.length]!;
  const canEmail = chance(n, 3, 0.62);
  return {
    external_id: `GEN-${String(n).padStart(7, '0')}`,
    first_name: first,
    last_name: last,
    phone_number: `+358${mobilePrefixes[n % mobilePrefixes.length]}${7_000_000 + Math.floor(n / mobilePrefixes.length)}`,
    email: `${ascii(first)}.${ascii(last)}.${n}@example.fi`,
    can_email: canEmail,
    can_sms: chance(n, 4, 0.48),
    can_post: chance(n, 5, 0.18),
    can_profile: chance(n, 6, 0.74),
    can_push: chance(n, 7, 0.27),
    mailing_lists: canEmail ? NEWSLETTER : NO_LISTS,
    city: cities[hash32(n, 8) % cities.length]!,
  };
}
