import type { Customer360Resources } from './types';

/** Swedish strings of the recent activity and the campaign prompts. */
const sv: Customer360Resources = {
  activity: {
    title: 'Senaste köp',
    loading: 'Hämtar senaste köp…',
    none: 'Inga köp ännu',
    offline: 'Ingen anslutning: bara kassans egna senaste försäljningar visas.',
    failed: 'Senaste köp är inte tillgängliga: {{message}}',
    shop: 'Butik {{shop}}',
    items: '{{quantity}} × {{title}}',
    fields: 'Kundens siffror',
  },
  prompt: {
    label: 'Kampanjmeddelande för den här kunden',
    told: 'Berättade för kunden',
    dismiss: 'Avfärda',
    until: 'Gäller till {{date}}',
    failed: 'Kunde inte sparas: {{message}}',
  },
  activitySettings: {
    title: 'Senaste köp på kundkortet',
    enabled: 'Visa kundens senaste köp',
    purchases: 'Antal köp som visas',
    saleCustomerField: 'Custobars försäljningsfält som anger kunden',
    fields: 'Kundfält som visas (ett per rad)',
    fieldsHint: 'Custobars kundfält som kunden har, t.ex. COMPANY__loyalty_level; tomt = inga.',
  },
  campaigns: {
    table: 'Antal per kampanj',
    title: 'Kampanjmeddelanden',
    hint: 'Meddelanden från Custobars kampanjer som visats i kassan, och vad kassapersonalen gjorde med dem.',
    empty: 'Inga kampanjmeddelanden har kommit de senaste 7 dagarna.',
    campaign: 'Kampanj',
    today: 'I dag',
    week: '7 dagar',
    received: 'Mottagna',
    shown: 'Visade',
    told: 'Berättade',
    dismissed: 'Avfärdade',
  },
};

export default sv;
