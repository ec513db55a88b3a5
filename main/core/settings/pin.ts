import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';

/**
 * Manager PIN, stored as a salted scrypt hash. A 4-8 digit PIN is weak on its own, so wrong guesses
 * are also rate limited (PinGuard) — the hash keeps the PIN out of a copied settings file.
 */
export function hashPin(pin: string): string {
  const salt = randomBytes(16);
  return `${salt.toString('hex')}:${scryptSync(pin, salt, 32).toString('hex')}`;
}

export function verifyPin(pin: string, stored: string): boolean {
  const [saltHex, hashHex] = stored.split(':');
  if (!saltHex || !hashHex) return false;
  const expected = Buffer.from(hashHex, 'hex');
  const actual = scryptSync(pin, Buffer.from(saltHex, 'hex'), expected.length);
  return expected.length > 0 && timingSafeEqual(expected, actual);
}

export class PinGuard {
  private failures = 0;
  private lockedUntil = 0;

  constructor(
    private readonly maxFailures = 5,
    private readonly lockMs = 30_000,
    private readonly now: () => number = Date.now,
  ) {}

  lockedForMs(): number {
    return Math.max(0, this.lockedUntil - this.now());
  }

  record(success: boolean): void {
    if (success) {
      this.failures = 0;
      return;
    }
    this.failures += 1;
    if (this.failures >= this.maxFailures) {
      this.lockedUntil = this.now() + this.lockMs;
      this.failures = 0;
    }
  }
}
