/**
 * English strings of the manager dashboard on the Status view: history charts, the day's and
 * shift's totals, the audit screens and the failed-records tools: the reference set. fi.ts and sv.ts
 * must provide every key (checked by the type).
 */
const en = {
  dashboard: {
    period: 'Period',
    title: 'Dashboard',
    range24h: 'Last 24 h',
    range7d: 'Last 7 days',
    rangeLabel: 'Time range',
    queueChart: 'Records waiting and failed',
    activityChart: 'Records sent and redemptions',
    queued: 'Waiting',
    failed: 'Failed',
    sent: 'Sent',
    redemptions: 'Redemptions',
    voids: 'Voids',
    noHistory: 'No history yet: it is sampled once a minute while the app runs.',
    today: 'Today',
    shift: 'This shift (last 8 h)',
    totalsLabel: 'Redemptions and voids',
    ago: '{{age}} ago',
    never: 'never',
  },
  audit: {
    title: 'Audit',
    pinPrompt: 'Enter the manager PIN to see the redemption and failed-record audit',
    redemptionsTab: 'Redemptions',
    deadLettersTab: 'Failed records',
    show: 'Show',
    refresh: 'Refresh',
    empty: 'Nothing yet.',
    time: 'Time',
    action: 'Action',
    outcome: 'Outcome',
    till: 'Till',
    benefit: 'Benefit',
    redemption: 'Redemption',
    type: 'Type',
    key: 'Record',
    reason: 'Reason',
    actions: { redeem: 'Redeem', cancel: 'Cancel', void: 'Void', retry: 'Retry', fix: 'Fix', discard: 'Discard' },
  },
  deadTools: {
    pinPrompt: 'Enter the manager PIN to retry, fix or discard failed records',
    filterType: 'Type',
    filterReason: 'Reason',
    allTypes: 'All types',
    allReasons: 'All reasons',
    selectAll: 'Select all shown',
    select: 'Select {{key}}',
    selected: 'selected: {{count}}',
    retrySelected: 'Retry selected',
    discardSelected: 'Discard selected',
    discardReason: 'Why discard them? (required)',
    confirmBulkDiscard: 'Discard {{count}} for good',
    view: 'View',
    hide: 'Hide',
    attempts: 'attempts: {{count}}',
    retried: 'Sent back to the queue.',
    discarded: 'Discarded: {{count}}.',
    shown: '{{shown}} of {{total}} shown',
  },
};

export default en;

type Strings<T> = { [K in keyof T]: T[K] extends string ? string : Strings<T[K]> };
export type DashboardResources = Strings<typeof en>;
