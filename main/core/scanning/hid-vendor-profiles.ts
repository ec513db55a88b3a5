import type { HidPreset } from './hid-pos-decoder';

/**
 * The report layout of a make's HID POS mode, for when the device's report descriptor cannot be read
 * (node-hid 3.4 does not expose it; only Linux lets us read it from sysfs). A make is listed only
 * where its layout is known; any other falls back to automatic detection per report, which a wrong
 * entry here would switch off.
 */
export interface VendorProfile {
  make: string;
  layout: HidPreset;
}

const PROFILES = new Map<number, VendorProfile>([
  // Honeywell (the Metrologic vendor id, e.g. Voyager 1400g 0c2e:0b8f). Its HID POS firmware
  // declares report 2: Byte Count, Symbology Identifier 1-3, 56 bytes of Decoded Data, two vendor
  // bytes (its own symbology code at 61), Decode Data Continued at 63 — the standard layout.
  [0x0c2e, { make: 'Honeywell', layout: 'aim' }],
]);

export function vendorProfile(vendorId: number | undefined): VendorProfile | null {
  return vendorId === undefined ? null : (PROFILES.get(vendorId) ?? null);
}
