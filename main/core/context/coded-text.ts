import type { TextParams } from '../../../preload/contract';

/**
 * A reason or message the core reports: a stable code with the values it names, which the UI words
 * in the cashier's language, and the same in English for logs, the API and UIs that lack the code.
 */
export interface CodedText {
  code: string;
  params: TextParams;
  text: string;
}

export function coded(code: string, text: string, params: TextParams = {}): CodedText {
  return { code, params, text };
}
