/**
 * English strings of the customer's recent activity and Custobar's campaign prompts (the card and
 * the manager's view): the reference set; fi.ts and sv.ts provide every key (checked by the type).
 */
const en = {
  activity: {
    title: 'Recent purchases',
    loading: 'Loading recent purchases…',
    none: 'No purchases yet',
    offline: 'Offline: only this till’s own recent sales are shown.',
    failed: 'Recent purchases are not available: {{message}}',
    shop: 'Store {{shop}}',
    items: '{{quantity}} × {{title}}',
    fields: 'Customer figures',
  },
  prompt: {
    label: 'Campaign message for this customer',
    told: 'Told the customer',
    dismiss: 'Dismiss',
    until: 'Valid until {{date}}',
    failed: 'Could not save: {{message}}',
  },
  activitySettings: {
    title: 'Recent purchases on the customer card',
    enabled: 'Show the customer’s recent purchases',
    purchases: 'Purchases shown',
    saleCustomerField: 'Custobar sales field naming the customer',
    fields: 'Customer fields to show (one a line)',
    fieldsHint: 'Custobar customer fields the tenant keeps, e.g. COMPANY__loyalty_level; empty = none.',
  },
  campaigns: {
    table: 'Counts per campaign',
    title: 'Campaign prompts',
    hint: 'Messages from Custobar campaigns shown to cashiers, and what the cashiers did with them.',
    empty: 'No campaign prompts received in the last 7 days.',
    campaign: 'Campaign',
    today: 'Today',
    week: '7 days',
    received: 'Received',
    shown: 'Shown',
    told: 'Told',
    dismissed: 'Dismissed',
  },
};

export default en;
