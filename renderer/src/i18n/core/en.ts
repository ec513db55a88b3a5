/**
 * English words for what the core reports by code: scan refusals, checkout messages, refused
 * redemptions, manager PIN refusals, Status warnings and scanner status lines. The reference set: fi.ts
 * and sv.ts must provide every key (checked by the type). The core's own English text is shown only
 * for a code this file does not know.
 */
const en = {
  scanReason: {
    too_long: 'Not a loyalty card: the scan is too long.',
    too_long_detail: 'Not a loyalty card: too long ({{length}} characters, at most {{max}}).',
    too_short: 'Not a loyalty card: too short.',
    too_short_detail: 'Not a loyalty card: too short ({{length}} characters, at least {{min}}).',
    binary: 'Unreadable scan: the scanner sent binary data or control characters. Check the scanner’s settings.',
    empty: 'Nothing was read. Scan the card again.',
    product_code: 'Not a loyalty card: this looks like a product code.',
    product_code_detail: 'Not a loyalty card: this looks like an {{kind}} product code.',
    no_match: 'Not a loyalty card: it does not match this store’s card format.',
    url: 'Not a loyalty card: this code is a web address.',
    gsrn: 'Not a valid membership number: the GSRN check digit does not match.',
    characters: 'Not a loyalty card: it contains characters a card number cannot have.',
  },
  checkoutMessage: {
    error: 'The customer could not be looked up. Try again.',
    no_phone: 'This customer has no phone number, so no benefits can be looked up.',
    customer_offline: 'Showing the customer from this till’s memory: the customer service cannot be reached.',
    not_found: 'No customer has the card {{card}}.',
    offline: 'The customer cannot be looked up right now, and this card is not in the till’s memory.',
    unauthorized: 'The customer service refused this till’s credentials. Ask the manager to check them in Settings.',
    benefits_unconfigured: 'The benefits service is not configured.',
    benefits_offline: 'Offline: the benefits service cannot be reached.',
    benefits_offline_cached: 'Offline: the benefits shown are from this till’s last check.',
    benefits_error: 'Benefits are not available right now.',
  },
  redemptionReason: {
    cancelled: 'Cancelled at the till before it was sent.',
    offline_refused: 'No connection to the benefits service: benefits cannot be redeemed while offline.',
    offline_cap: 'No connection to the benefits service, and today’s limit of {{cap}} offline redemptions of this kind is used up.',
    refused: 'Refused by the benefits service: {{reason}}',
  },
  warning: {
    disk_full: 'The disk holding {{file}} is full: nothing of the last request was stored. Free some space; everything accepted before is kept and will be sent.',
    outbox_disk: 'The outbox uses {{used}} of its {{cap}} cap. Check the Custobar connection before it fills up.',
    outbox_disk_full: 'The outbox is full ({{used}} of {{cap}}): new records are refused until Custobar takes the backlog or the cap is raised.',
    database_salvaged: 'The database was damaged. It is kept as {{keptAs}}; a new one was made and the readable rows were salvaged into it.',
    unknown_fields: 'Fields Custobar does not know were dropped from {{count}} records ({{type}}): {{fields}}. Rename them with the field map (exports.fieldMap) or fix the export.',
    offline_conflict: 'An offline redemption was refused when it was sent later: see Status → Redemption conflicts.',
    redemption_event: 'A redemption could not be recorded with its Custobar event; it is tried again.',
    ingest_port: 'The ingest API could not listen on port {{port}}.',
    settings_corrupt: 'The settings file could not be read. It was kept aside as {{keptAs}} and default settings are in use.',
    settings_invalid_fields: 'These stored settings were invalid and are back to their defaults: {{fields}}. The original file was kept as {{keptAs}}.',
    policy_invalid: 'The IT policy {{file}} is ignored because it is invalid.',
    credential_origin: 'A stored credential was given for another address, so it is not sent to {{current}}; set it again for {{current}} in Settings.',
  },
  scannerMessage: {
    wedge: 'Reads scans typed into this window while it has focus',
    pairing: 'Paused while pairing a scanner',
    reconnecting: 'Connection lost ({{reason}}); retrying in {{seconds}} s',
    lost: 'Connection to the scanner lost ({{reason}})',
  },
  option: { none: 'none', even: 'even', odd: 'odd', mark: 'mark', space: 'space' },
  pinRefusal: {
    pin_missing: 'The manager PIN is needed.',
    pin_wrong: 'Wrong manager PIN.',
    pin_locked: 'Too many wrong PINs. Try again in {{seconds}} s.',
  },
  /** What went wrong with a service or a file, by code ({{detail}}: the service's or the parser's own words). */
  reason: {
    custobar_no_answer: 'Custobar did not answer in time.',
    custobar_unreachable: 'Custobar cannot be reached ({{detail}}).',
    custobar_rate_limited: 'Custobar asked this till to slow down ({{detail}}).',
    custobar_error: 'Custobar had an error ({{status}}): {{detail}}',
    custobar_credentials: 'Custobar refused the token ({{status}}). Check it in Settings → Connection.',
    custobar_address: 'The Custobar address looks wrong ({{status}} for the upload address). Check it in Settings → Connection.',
    custobar_refused: 'Custobar refused the records ({{status}}): {{detail}}',
    custobar_foreign_next_page: 'Custobar’s next page is on another address ({{origin}}); it was not read, so the token stays with {{base}}.',
    custobar_unconfigured: 'Custobar is not set up: enter its address and token in Settings → Connection.',
    record_refused: 'Custobar refused record {{key}}: {{detail}}',
    dispatch_failed: 'Sending stopped on an unexpected error: {{detail}}',
    benefits_unreachable: 'The benefits service cannot be reached ({{detail}}).',
    benefits_no_answer: 'The benefits service did not answer in time.',
    benefits_connection_lost: 'The connection to the benefits service was lost ({{detail}}).',
    benefits_bad_answer: 'The benefits service gave an answer this till cannot read: {{detail}}',
    benefits_credentials: 'The benefits service refused this till’s token ({{status}}). Check it in Settings → Benefits.',
    benefits_error: 'The benefits service had an error ({{status}}): {{detail}}',
    benefits_refused: 'The benefits service refused ({{status}}): {{detail}}',
    inbox_imported: '{{accepted}} accepted, {{rejected}} refused',
    inbox_not_import_file: 'Not an import file: a name starts with customers, products, sales, shops or events and ends in .json, .jsonl or .csv.',
    inbox_unreadable: 'The file could not be read: {{detail}}',
    permissions_poll_failed: 'an unexpected error ({{detail}})',
    redemption_not_pending: 'This redemption has already been sent; it can no longer be cancelled.',
    void_not_committed: 'Only a completed redemption can be voided.',
    void_refused: 'The benefits service refused the void: {{detail}}',
    leave_demo_first: 'Leave the demo first: the connection is saved in the store’s own data, not the demo’s.',
  },
  pairingMessage: { timeout: 'No scan arrived in time. Start again when the scanner is ready.' },
};

export default en;
export type CoreResources = typeof en;
