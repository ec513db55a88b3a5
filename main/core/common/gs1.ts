/** GS1 mod-10 check digits, shared by GTIN (EAN-8/13, UPC-A) and GSRN membership numbers. */
export function gs1CheckDigit(body: string): number {
  let sum = 0;
  for (let i = 0; i < body.length; i += 1) {
    const digit = body.charCodeAt(body.length - 1 - i) - 48;
    sum += digit * (i % 2 === 0 ? 3 : 1);
  }
  return (10 - (sum % 10)) % 10;
}

export function hasValidCheckDigit(digits: string): boolean {
  if (!/^\d{2,}$/.test(digits)) return false;
  return gs1CheckDigit(digits.slice(0, -1)) === Number(digits.at(-1));
}

/** "EAN-13", "EAN-8" or "UPC-A" when the text is a product code with a correct check digit. */
export function productCodeKind(text: string): 'EAN-8' | 'EAN-13' | 'UPC-A' | null {
  if (!/^\d+$/.test(text) || !hasValidCheckDigit(text)) return null;
  if (text.length === 8) return 'EAN-8';
  if (text.length === 12) return 'UPC-A';
  if (text.length === 13) return 'EAN-13';
  return null;
}

/**
 * A GSRN (AI 8018, 18 digits) from "(8018)…", "8018…" (22 digits) or the bare 18 digits; FNC1/GS
 * separators are ignored. Returns the 18 digits, or null when absent or the check digit is wrong.
 */
export function extractGsrn(text: string): string | null {
  const cleaned = text.replaceAll('\u001d', '').replace(/^\(8018\)/, '');
  const digits = /^8018\d{18}$/.test(cleaned) ? cleaned.slice(4) : cleaned;
  return /^\d{18}$/.test(digits) && hasValidCheckDigit(digits) ? digits : null;
}
