import type { SerialPort } from 'serialport';

let loading: Promise<typeof SerialPort> | null = null;

/**
 * serialport (a native module) is loaded the first time a serial scanner, the port list or pairing
 * needs it, not at start: a till with a HID or keyboard-wedge scanner never loads it, and the others
 * have their first status screen before it is read from disk.
 */
export function serialPort(): Promise<typeof SerialPort> {
  loading ??= import('serialport').then((m) => m.SerialPort);
  return loading;
}
