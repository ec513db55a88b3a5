/**
 * English strings of the cashier flow and the page's landmarks: the reference set. fi.ts and sv.ts
 * must provide every key (checked by the type). Kept apart from ../en.ts so each file stays short.
 */
const en = {
  cashier: {
    landmarks: {
      views: 'Views',
      customer: 'Customer and benefits',
      side: 'Today’s redemptions and scans',
    },
    benefits: {
      offline: 'No connection to the benefits service: benefits cannot be applied right now.',
      offlineQueued: 'No connection to the benefits service: a benefit applied now is queued and sent when the connection returns.',
      disconnected: 'This screen has lost its connection to the app: benefits cannot be applied until it is back.',
      offlineShort: 'Offline',
    },
    scanLog: {
      title: 'Scans ({{count}})',
      empty: 'No scans yet',
    },
  },
};

export default en;
export type CashierResources = typeof en;
