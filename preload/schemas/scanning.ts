import { z } from 'zod';

export const ScanSource = z.enum(['serial', 'hid', 'wedge', 'manual']);
export type ScanSource = z.infer<typeof ScanSource>;

/** One scan as the cashier and the manager see it: accepted with a card id, or rejected with a reason. */
export const ScanRecord = z.object({
  id: z.string(),
  at: z.string(),
  source: ScanSource,
  accepted: z.boolean(),
  /** The card id exactly as scanned (after the rule's stripping), when accepted. */
  cardId: z.string().optional(),
  /** Why the scan was refused, in words a cashier understands, when not accepted. */
  reason: z.string().optional(),
  reasonCode: z.string().optional(),
  /** Values the reason names (lengths, limits), for the UI's own words. */
  reasonParams: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
  /** Symbology name from the AIM identifier, when the scanner sent one. */
  symbology: z.string().optional(),
  /** Which device produced it (port path or HID product). */
  device: z.string().optional(),
  /** Same card again within the same-checkout window: not a new checkout. */
  repeat: z.boolean(),
  /** Scans of one checkout share this id. */
  checkoutId: z.string().optional(),
  /** Rejected scans only: a short, sanitised, text-only preview of what was read. */
  preview: z.string().optional(),
});
export type ScanRecord = z.infer<typeof ScanRecord>;

export const ScannerKind = z.enum(['none', 'serial', 'hid', 'wedge']);
export type ScannerKind = z.infer<typeof ScannerKind>;

export const ScannerState = z.enum(['disabled', 'connecting', 'connected', 'disconnected', 'reconnecting', 'error']);
export type ScannerState = z.infer<typeof ScannerState>;

export const ScannerStatus = z.object({
  kind: ScannerKind,
  state: ScannerState,
  device: z.string().nullable(),
  message: z.string().nullable(),
  /** What the message says, as a code the UI words itself (the English message is the fallback). */
  messageCode: z.string().nullable().optional(),
  messageParams: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
  since: z.string(),
  reconnectAttempt: z.number().int(),
  lastScanAt: z.string().nullable(),
});
export type ScannerStatus = z.infer<typeof ScannerStatus>;

export const SerialPortInfo = z.object({
  path: z.string(),
  manufacturer: z.string().optional(),
  vendorId: z.string().optional(),
  productId: z.string().optional(),
  serialNumber: z.string().optional(),
});

export const HidDeviceInfo = z.object({
  path: z.string(),
  vendorId: z.string(),
  productId: z.string(),
  product: z.string().optional(),
  manufacturer: z.string().optional(),
  usagePage: z.number().int().optional(),
  usage: z.number().int().optional(),
  /** true for USB HID POS scanner interfaces (usage page 0x8C); only these are ever opened. */
  posScanner: z.boolean(),
});

export const PortList = z.object({
  serial: z.array(SerialPortInfo),
  hid: z.array(HidDeviceInfo),
  /** Why a list is empty or partial (e.g. no hidraw permission), for the manager. */
  problems: z.array(z.string()),
});
export type PortList = z.infer<typeof PortList>;

export const PairingMatch = z.object({
  kind: z.enum(['serial', 'hid', 'wedge']),
  device: z.string(),
  path: z.string().optional(),
  vendorId: z.string().optional(),
  productId: z.string().optional(),
  baudRate: z.number().int().optional(),
});
export type PairingMatch = z.infer<typeof PairingMatch>;

export const PairingState = z.object({
  active: z.boolean(),
  code: z.string().nullable(),
  /** The code as an SVG QR image (data: URL) to show on screen. */
  qrDataUrl: z.string().nullable(),
  expiresAt: z.string().nullable(),
  /** The scanners listened to for the code besides the keyboard wedge, which always listens in this window. */
  listening: z.array(z.string()),
  match: PairingMatch.nullable(),
  message: z.string().nullable(),
  /** What the message says as a code the UI words itself (timeout); the English message stays. */
  messageCode: z.string().nullable().optional(),
});
export type PairingState = z.infer<typeof PairingState>;

export const ScanSubmitInput = z.strictObject({
  source: z.enum(['manual', 'wedge']),
  /** What was typed or what the wedge detector captured; size-limited here, rules check the rest. */
  raw: z.string().max(8192),
});

export const PairingSaveInput = z.strictObject({ pin: z.string().max(32).optional() });
/** Pairing listens to every scan and then changes the scanner settings: with a PIN set, only with it. */
export const PairingStartInput = z.strictObject({ pin: z.string().max(32).optional() });
