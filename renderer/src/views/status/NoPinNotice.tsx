import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../bridge';
import { useApp } from '../../state/app-store';
import { errorText } from '../../components/errors';

/**
 * First run: no manager PIN yet, so failed records, voids, pairing and settings are open to anyone.
 * The Status view says so and offers to set one right here.
 */
export function NoPinNotice() {
  const { t } = useTranslation();
  const pinSet = useApp((s) => s.settings?.pinSet);
  const unlock = useApp((s) => s.unlock);
  const [open, setOpen] = useState(false);
  const [newPin, setNewPin] = useState('');
  const [error, setError] = useState<string | null>(null);
  if (pinSet !== false) return null;
  const save = async (e: React.FormEvent): Promise<void> => {
    e.preventDefault();
    setError(null);
    try {
      await call('manager.setPin', { newPin });
      unlock(newPin);
    } catch (err) {
      setError(errorText(err, t));
    }
  };
  return (
    <section className="card banner-warn no-pin" role="region" aria-labelledby="no-pin-title" data-testid="no-pin-notice">
      <h2 id="no-pin-title">{t('managerPin.noneTitle')}</h2>
      <p>{t('managerPin.noneText')}</p>
      {open ? (
        <form className="row" onSubmit={(e) => void save(e)}>
          <label htmlFor="no-pin-new" className="small">
            {t('settings.newPin')}
          </label>
          <input id="no-pin-new" type="password" autoComplete="new-password" inputMode="numeric" autoFocus value={newPin} onChange={(e) => setNewPin(e.target.value)} />
          <button type="submit" className="primary">
            {t('settings.setPin')}
          </button>
          {error && (
            <span role="alert" className="small error-text">
              {error}
            </span>
          )}
        </form>
      ) : (
        <button type="button" className="primary" onClick={() => setOpen(true)}>
          {t('managerPin.setNow')}
        </button>
      )}
    </section>
  );
}
