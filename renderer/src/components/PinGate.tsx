import { useState, type ReactNode } from 'react';
import { errorText } from './errors';
import { useTranslation } from 'react-i18next';
import { call } from '../bridge';
import { useApp } from '../state/app-store';

/**
 * Manager-only content. With a PIN set, asks for it (checked by the core, which also enforces it on
 * every manager call); with no PIN yet, shows the content with an offer to set one.
 */
/** What a PIN question unlocks: its prompt says so. */
export type PinPurpose = 'settings' | 'deadLetters' | 'void' | 'pairing' | 'consentLog';

export function PinGate({
  children,
  compact = false,
  inputId = 'manager-pin',
  purpose = 'settings',
  prompt,
  onUnlock,
}: {
  children: ReactNode;
  compact?: boolean;
  inputId?: string;
  purpose?: PinPurpose;
  /** Overrides the purpose's prompt where one gate unlocks more than one thing (the audit screens). */
  prompt?: string;
  onUnlock?: () => void;
}) {
  const { t } = useTranslation();
  const { settings, unlock, pin } = useApp();
  const [entry, setEntry] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [newPin, setNewPin] = useState('');
  const [notice, setNotice] = useState<string | null>(null);
  const unlocked = pin() !== undefined;

  if (settings?.pinSet && !unlocked) {
    const submit = async (e: React.FormEvent): Promise<void> => {
      e.preventDefault();
      try {
        const { valid } = await call('manager.checkPin', { pin: entry });
        if (valid) {
          unlock(entry);
          onUnlock?.();
        } else setError(t('settings.wrongPin'));
      } catch (err) {
        setError(errorText(err, t));
      }
      setEntry('');
    };
    return (
      <form className="card stack" data-testid={`pin-gate-${purpose}`} onSubmit={(e) => void submit(e)}>
        <p>{prompt ?? t(`managerPin.prompt.${purpose}`)}</p>
        <label htmlFor={inputId}>{t('settings.pin')}</label>
        {/* A gate inside a card of a longer page must not pull the focus (and the scroll) to itself. */}
        <input id={inputId} type="password" autoComplete="off" inputMode="numeric" autoFocus={!compact} value={entry} onChange={(e) => setEntry(e.target.value)} />
        <button type="submit" className="primary">
          {t('settings.unlock')}
        </button>
        {error && <p role="alert" className="error-text">{error}</p>}
      </form>
    );
  }

  if (compact) return <>{children}</>;

  const setPin = async (e: React.FormEvent): Promise<void> => {
    e.preventDefault();
    try {
      await call('manager.setPin', { newPin, currentPin: pin() });
      unlock(newPin);
      setNewPin('');
      setNotice(t('settings.pinSaved'));
    } catch (err) {
      setNotice(errorText(err, t));
    }
  };

  return (
    <div className="stack">
      {!settings?.pinSet && <p className="banner banner-warn">{t('settings.noPinYet')}</p>}
      <form className="row" onSubmit={(e) => void setPin(e)}>
        <label htmlFor="new-pin" className="small">{t('settings.newPin')}</label>
        <input id="new-pin" type="password" autoComplete="new-password" inputMode="numeric" value={newPin} onChange={(e) => setNewPin(e.target.value)} />
        <button type="submit">{t('settings.setPin')}</button>
        {unlocked && (
          <button type="button" onClick={() => unlock(null)}>
            {t('settings.lock')}
          </button>
        )}
        {notice && <span role="status" className="small">{notice}</span>}
      </form>
      {children}
    </div>
  );
}
