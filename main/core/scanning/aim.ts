/**
 * AIM symbology identifiers ("]Q1" = QR Code, "]E0" = EAN-13, …). Scanners put them in front of the
 * label (serial, when enabled) or in bytes 1-3 of the HID POS report.
 */
const NAMES: Record<string, string> = {
  A: 'Code 39',
  B: 'Telepen',
  C: 'Code 128',
  D: 'Code One',
  E: 'EAN/UPC',
  F: 'Codabar',
  G: 'Code 93',
  H: 'Code 11',
  I: 'Interleaved 2 of 5',
  K: 'Code 16K',
  L: 'PDF417',
  M: 'MSI',
  O: 'Codablock',
  P: 'Plessey',
  Q: 'QR Code',
  R: 'Straight 2 of 5',
  S: 'Straight 2 of 5',
  T: 'Code 49',
  U: 'MaxiCode',
  X: 'Other',
  Z: 'Non-barcode',
  d: 'Data Matrix',
  e: 'GS1 DataBar',
  z: 'Aztec',
  h: 'Han Xin',
};

export const AIM_PREFIX = /^\][A-Za-z][0-9A-Za-z]/;

/** Name for an AIM id like "]E0"; more precise for the EAN/UPC and Code 128 modifiers. */
export function symbologyName(aim: string): string | undefined {
  if (!AIM_PREFIX.test(aim)) return undefined;
  const code = aim[1]!;
  const modifier = aim[2]!;
  if (code === 'E') return modifier === '4' ? 'EAN-8' : modifier === '0' ? 'EAN-13' : 'EAN/UPC';
  if (code === 'C' && modifier === '1') return 'GS1-128';
  if (code === 'Q' && (modifier === '3' || modifier === '4' || modifier === '5' || modifier === '6')) return 'QR Code (GS1)';
  if (code === 'd' && (modifier === '2' || modifier === '5')) return 'Data Matrix (GS1)';
  return NAMES[code];
}

/** Splits an AIM prefix off a label: "]Q1ABC" → { aim: "]Q1", rest: "ABC" }. */
export function stripAim(text: string): { aim: string | null; rest: string } {
  return AIM_PREFIX.test(text) ? { aim: text.slice(0, 3), rest: text.slice(3) } : { aim: null, rest: text };
}
