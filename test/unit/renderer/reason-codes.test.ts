import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import i18n from '../../../renderer/src/i18n';
import en from '../../../renderer/src/i18n/core/en';
import fi from '../../../renderer/src/i18n/core/fi';
import sv from '../../../renderer/src/i18n/core/sv';
import { reasonText } from '../../../renderer/src/components/core-text';
import { refusalText } from '../../../renderer/src/components/errors';
import { ContractError } from '../../../renderer/src/contract-error';
import { classify, CUSTOBAR_REASON_CODES, networkFailure } from '../../../main/core/custobar/classify';
import { BENEFITS_REASON_CODES } from '../../../main/core/benefits/benefits-client';
import { DISPATCH_REASON_CODES } from '../../../main/core/outbox/dispatcher';
import { INBOX_RESULT_CODES, inboxResultText } from '../../../main/core/exports/inbox/import-file';

const t = (language: string) => i18n.getFixedT(language) as unknown as (key: string, options?: Record<string, unknown>) => string;
// Finnish and Swedish are loaded on demand (renderer/src/i18n/index.ts); getFixedT does not load them.
beforeAll(() => i18n.loadLanguages(['fi', 'sv']));
const root = path.resolve(import.meta.dirname, '../../..');

/** Every `coded('…'`, `reasonCode: '…'` and `messageCode: '…'` written in the core, read from its source files. */
function codesInCore(): Set<string> {
  const found = new Set<string>();
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(file);
      else if (file.endsWith('.ts')) {
        const text = fs.readFileSync(file, 'utf8');
        for (const m of text.matchAll(/\bcoded\('([a-z_]+)'|(?:reason|message)Code: '([a-z_]+)'/g)) found.add(m[1] ?? m[2]!);
      }
    }
  };
  walk(path.join(root, 'main/core'));
  return found;
}

describe('reasons the core reports by code, in the manager’s language', () => {
  const listed = [...CUSTOBAR_REASON_CODES, ...BENEFITS_REASON_CODES, ...DISPATCH_REASON_CODES, ...INBOX_RESULT_CODES, 'permissions_poll_failed'];

  it('has words in en, fi and sv for every code the core writes, and fi and sv are not the English', () => {
    const inCore = codesInCore();
    // The scan, sales and PIN refusals have their own namespaces; everything else is under reason.
    const namespaces = [en.reason, en.redemptionReason, en.pinRefusal, en.checkoutMessage, en.scanReason, en.scannerMessage, en.pairingMessage] as Record<string, string>[];
    const unworded = [...inCore, ...listed].filter((code) => !namespaces.some((n) => code in n));
    expect(unworded).toEqual([]);
    for (const code of listed) {
      expect(en.reason).toHaveProperty(code);
      const english = (en.reason as Record<string, string>)[code];
      expect((fi.reason as Record<string, string>)[code], `fi ${code}`).not.toBe(english);
      expect((sv.reason as Record<string, string>)[code], `sv ${code}`).not.toBe(english);
    }
    expect(inCore.size).toBeGreaterThan(10);
  });

  it('words a Custobar answer by its code with the values it names; Custobar’s own words stay as they came', () => {
    const busy = classify(503, { error: { reason: 'maintenance' } }, {});
    if (busy.kind === 'ok') throw new Error('expected a failure');
    expect(reasonText(busy.reason, busy.why.code, busy.why.params, t('fi'), 'fi')).toBe('Custobarissa tapahtui virhe (503): maintenance');
    const down = networkFailure('ECONNREFUSED');
    expect(reasonText(down.reason, down.why.code, down.why.params, t('sv'), 'sv')).toBe('Custobar kan inte nås (ECONNREFUSED).');
    expect(reasonText(down.reason, down.why.code, down.why.params, t('en'), 'en')).toBe('Custobar cannot be reached (ECONNREFUSED).');
  });

  it('writes counts as the language writes numbers, and falls back to the core’s English for a code it does not know', () => {
    const line = inboxResultText({ name: 'sales-1.csv', type: 'sales', format: 'csv', records: 12_500, accepted: 12_000, rejected: 500, errors: [] });
    expect(reasonText(line.text, line.code, line.params, t('fi'), 'fi')).toBe('12\u00a0000 hyväksytty, 500 hylätty');
    expect(reasonText('Something new', 'not_a_known_code', {}, t('fi'), 'fi')).toBe('Something new');
    expect(reasonText('Old stored error', null, null, t('fi'), 'fi')).toBe('Old stored error');
    expect(reasonText(null, 'custobar_no_answer', {}, t('fi'), 'fi')).toBeNull();
  });

  it('words a refused call with a reason code from this list (Custobar not set up, a void refused)', () => {
    const unconfigured = new ContractError({ code: 'conflict', message: 'Custobar is not configured: set its address and token in Settings.', details: { reasonCode: 'custobar_unconfigured' } });
    expect(refusalText(unconfigured, t('fi'))).toBe('Custobaria ei ole määritetty: anna sen osoite ja tunniste kohdassa Asetukset → Yhteys.');
    const refused = new ContractError({ code: 'conflict', message: 'The void was refused: too late', details: { reasonCode: 'void_refused', params: { detail: 'too late' } } });
    expect(refusalText(refused, t('sv'))).toBe('Förmånstjänsten avvisade makuleringen: too late');
  });
});
