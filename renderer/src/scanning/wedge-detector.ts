/**
 * Keyboard-wedge scanner detection. A wedge scanner "types" its label; a person types too. The
 * difference is timing: scanners send keys 1-20 ms apart, people 80 ms or more. A burst of at least
 * `minLength` characters, each within `maxGapMs` of the previous one and ended by the suffix key,
 * is a scan; anything slower is typing and is left alone.
 *
 * Keys are decoded by `KeyboardEvent.code` (the physical key), not `key`: a scanner programmed for a
 * US layout sends the same physical keys whatever layout the till's OS uses, so "-" arrives as code
 * "Minus" even where the Finnish layout would turn it into "+".
 */
export interface WedgeOptions {
  maxGapMs: number;
  minLength: number;
  prefix: string;
  suffix: 'Enter' | 'Tab' | 'none';
}

export interface KeyInput {
  code: string;
  shiftKey: boolean;
  /** Event time in ms (KeyboardEvent.timeStamp). */
  time: number;
  /** KeyboardEvent.key, used only to learn a letter's case (Shift or Caps Lock). */
  key?: string;
  capsLock?: boolean;
}

const US_PUNCTUATION: Record<string, [string, string]> = {
  Minus: ['-', '_'],
  Equal: ['=', '+'],
  BracketLeft: ['[', '{'],
  BracketRight: [']', '}'],
  Backslash: ['\\', '|'],
  Semicolon: [';', ':'],
  Quote: ["'", '"'],
  Backquote: ['`', '~'],
  Comma: [',', '<'],
  Period: ['.', '>'],
  Slash: ['/', '?'],
  Space: [' ', ' '],
  NumpadSubtract: ['-', '-'],
  NumpadAdd: ['+', '+'],
  NumpadDecimal: ['.', '.'],
  NumpadDivide: ['/', '/'],
  NumpadMultiply: ['*', '*'],
};
const US_SHIFTED_DIGITS = ')!@#$%^&*(';

/**
 * The character a US-layout key produces, or null for keys that type nothing (Shift, F-keys, …).
 * A letter's case comes from `key` when it names the same letter (Shift and Caps Lock both show
 * there); otherwise — a layout that moves letters, such as QWERTZ — from Shift and Caps Lock.
 */
export function charForCode(code: string, shiftKey: boolean, key?: string, capsLock = false): string | null {
  let m = /^Key([A-Z])$/.exec(code);
  if (m) {
    const letter = m[1]!;
    if (key && key.length === 1 && key.toUpperCase() === letter) return key;
    return shiftKey !== capsLock ? letter : letter.toLowerCase();
  }
  m = /^Digit(\d)$/.exec(code);
  if (m) return shiftKey ? US_SHIFTED_DIGITS[Number(m[1])]! : m[1]!;
  m = /^Numpad(\d)$/.exec(code);
  if (m) return m[1]!;
  const punct = US_PUNCTUATION[code];
  return punct ? punct[shiftKey ? 1 : 0] : null;
}

const MODIFIERS = new Set(['ShiftLeft', 'ShiftRight', 'ControlLeft', 'ControlRight', 'AltLeft', 'AltRight', 'MetaLeft', 'MetaRight', 'CapsLock']);

export type WedgeOutcome = { kind: 'scan'; text: string; keys: number } | { kind: 'none' };

export function createWedgeDetector(options: WedgeOptions) {
  let chars: string[] = [];
  let last = -Infinity;
  const none: WedgeOutcome = { kind: 'none' };

  const complete = (): WedgeOutcome => {
    const text = chars.join('');
    const keys = chars.length;
    chars = [];
    if (!text.startsWith(options.prefix)) return none;
    const label = text.slice(options.prefix.length);
    return label.length >= options.minLength ? { kind: 'scan', text: label, keys } : none;
  };

  return {
    /** Feeds one keydown; returns a scan when this key completed one. */
    feed(key: KeyInput): WedgeOutcome {
      if (MODIFIERS.has(key.code)) return none;
      const gapOk = key.time - last <= options.maxGapMs;
      last = key.time;
      const isSuffix = (options.suffix === 'Enter' && (key.code === 'Enter' || key.code === 'NumpadEnter')) || (options.suffix === 'Tab' && key.code === 'Tab');
      if (isSuffix) {
        if (!gapOk || chars.length === 0) {
          chars = [];
          return none;
        }
        return complete();
      }
      const char = charForCode(key.code, key.shiftKey, key.key, key.capsLock);
      if (char === null) {
        chars = [];
        return none;
      }
      if (!gapOk) chars = [];
      chars.push(char);
      return none;
    },
    /** With no suffix key: call periodically; a burst followed by silence is a scan. */
    tick(now: number): WedgeOutcome {
      if (options.suffix !== 'none' || chars.length === 0 || now - last <= options.maxGapMs) return none;
      return complete();
    },
    /** Characters in the current burst (to remove them from a text field they landed in). */
    pending: () => chars.length,
  };
}
