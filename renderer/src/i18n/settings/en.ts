/**
 * English strings of the manager PIN, the Settings sections, settings field errors, the void
 * reasons and service mode's "no valid link" screen: the reference set. fi.ts and sv.ts must
 * provide every key (checked by the type). Kept apart from ../en.ts so each file stays short.
 */
const en = {
  managerPin: {
    prompt: {
      settings: 'Enter the manager PIN to change settings',
      deadLetters: 'Enter the manager PIN to see failed records',
      void: 'Enter the manager PIN to void a redemption',
      pairing: 'Enter the manager PIN to pair a scanner',
      consentLog: 'Enter the manager PIN to see the consent log',
    },
    noneTitle: 'No manager PIN is set',
    noneText: 'Anyone at this till can see failed records, void redemptions, pair scanners and change settings. Set a PIN so only managers can.',
    setNow: 'Set a manager PIN',
    wrong: 'Wrong PIN',
    voidPin: 'Manager PIN',
  },
  settingsNav: {
    label: 'Settings sections',
    connection: 'Connection',
    customers: 'Customers',
    benefits: 'Benefits',
    scanner: 'Scanner',
    cards: 'Card numbers',
    exports: 'Exports',
    offline: 'Offline',
    general: 'General',
    fleet: 'Fleet monitoring',
    metricsBindLoopback: 'This computer only',
    metricsBindLan: 'The store network (for the store’s Prometheus)',
    savedAt: 'Settings saved at {{time}}.',
    voidNeedsPin: 'Voiding a redemption needs the manager PIN',
    voidReasons: 'Reasons offered when voiding (one a line; empty = the built-in list)',
    voidReasonsHint: 'The cashier can always type another reason.',
    errorCount_one: '{{count}} field needs fixing before anything is saved.',
    errorCount_other: '{{count}} fields need fixing before anything is saved.',
  },
  settingsFieldError: {
    too_small: 'At least {{limit}}.',
    too_small_text: 'At least {{limit}} characters.',
    too_big: 'At most {{limit}}.',
    too_big_text: 'At most {{limit}} characters.',
    invalid_type: 'This value has the wrong type (a number, text or on/off is expected).',
    invalid_format: 'Not in the expected format.',
    invalid_value: 'Choose one of the offered values.',
    url: 'A web address such as https://acme.custobar.com.',
    time_zone: 'An IANA time zone such as Europe/Helsinki.',
    country: 'A two-letter country code in capitals, such as FI or SE.',
    folder_relative: 'Use a full path (this one is relative).',
    folder_missing: 'This folder does not exist.',
    folder_not_directory: 'This is a file, not a folder.',
    folder_not_writable: 'This app cannot write to this folder.',
    unrecognized_keys: 'This setting is not known to this version of the app.',
    pattern: 'A valid regular expression with a named group (?<card>…).',
    minLength: 'The shortest card number must not be longer than the longest.',
    upper_id: 'Upper-case letters, digits and _.',
    field_name: 'A Custobar field name: letters, digits and _, starting with a letter.',
    usb_id: 'A USB id in hex, such as 05e0.',
    version: 'Letters, digits, dot, dash and _ only.',
    hex_bytes: 'Hex bytes, such as "fd 03 10".',
  },
  voidReasons: {
    label: 'Reason',
    other: 'Other reason…',
    otherText: 'Type the reason',
    presets: ['Wrong customer', 'Wrong benefit', 'The customer changed their mind', 'The sale was cancelled'],
  },
  serviceToken: {
    title: 'This page needs its link',
    text: 'Till Companion runs as a service on this computer, and only the link it prints when it starts can open this page.',
    how: 'Find the line "Till Companion listening on http://…/?token=…" in the service\'s output or log (for example journalctl -u till-companion) and open that address.',
    why: 'The link in the address bar is missing its token, or the token is no longer valid (the service was started with another one).',
  },
};

export default en;

type Strings<T> = { [K in keyof T]: T[K] extends string ? string : T[K] extends string[] ? string[] : Strings<T[K]> };
export type SettingsResources = Strings<typeof en>;
