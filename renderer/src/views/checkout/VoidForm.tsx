import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApp } from '../../state/app-store';
import { useCheckout } from '../../state/checkout-store';

const OTHER = '__other__';

/** The reasons offered: the manager's list from Settings, or the app's own in the till's language. */
export function useVoidPresets(): string[] {
  const { t } = useTranslation();
  const configured = useApp((s) => s.settings?.settings.benefits.voidReasons) ?? [];
  return configured.length > 0 ? configured : (t('voidReasons.presets', { returnObjects: true }) as string[]);
}

/**
 * Voiding one redemption: a preset reason or a typed one, and the manager PIN when voids need it
 * (the core checks it; asking here only saves the cashier a refused attempt).
 */
export function VoidForm({ redemptionId, onDone }: { redemptionId: string; onDone: () => void }) {
  const { t } = useTranslation();
  const presets = useVoidPresets();
  const voidRedemption = useCheckout((s) => s.voidRedemption);
  const { settings, pin, unlock } = useApp();
  const [choice, setChoice] = useState(presets[0] ?? OTHER);
  const [text, setText] = useState('');
  const [pinEntry, setPinEntry] = useState('');
  const needsPin = Boolean(settings?.pinSet && settings.settings.benefits.voidNeedsPin && pin() === undefined);
  const reason = choice === OTHER ? text : choice;
  const id = `void-${redemptionId}`;
  return (
    <form
      className="stack void-form"
      data-testid="void-form"
      onSubmit={(e) => {
        e.preventDefault();
        const usePin = needsPin ? pinEntry : pin();
        void voidRedemption(redemptionId, reason.trim(), usePin).then((ok) => {
          if (ok && needsPin) unlock(pinEntry);
          if (ok) onDone();
          else setPinEntry('');
        });
      }}
    >
      <div className="row">
        <label htmlFor={`${id}-reason`} className="small">
          {t('voidReasons.label')}
        </label>
        <select id={`${id}-reason`} autoFocus value={choice} onChange={(e) => setChoice(e.target.value)}>
          {presets.map((p) => (
            <option key={p} value={p}>
              {p}
            </option>
          ))}
          <option value={OTHER}>{t('voidReasons.other')}</option>
        </select>
        {choice === OTHER && (
          <input aria-label={t('voidReasons.otherText')} placeholder={t('redemption.voidWhy')} value={text} onChange={(e) => setText(e.target.value)} />
        )}
      </div>
      {needsPin && (
        <div className="row">
          <label htmlFor={`${id}-pin`} className="small">
            {t('managerPin.prompt.void')}
          </label>
          <input id={`${id}-pin`} type="password" autoComplete="off" inputMode="numeric" value={pinEntry} onChange={(e) => setPinEntry(e.target.value)} />
        </div>
      )}
      <div className="row">
        <button type="submit" className="primary" disabled={reason.trim().length < 3 || (needsPin && pinEntry.length < 4)}>
          {t('redemption.confirmVoid')}
        </button>
        <button type="button" onClick={onDone}>
          {t('pairing.cancel')}
        </button>
      </div>
    </form>
  );
}
