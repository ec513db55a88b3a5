import { useState } from 'react';
import { errorText } from '../../components/errors';
import { useTranslation } from 'react-i18next';
import { call, ContractError } from '../../bridge';
import { useApp } from '../../state/app-store';

/**
 * "Export diagnostics": the core writes a zip for support and answers its path. With a PIN set and
 * not unlocked, the PIN is asked for right here (the core checks it), then kept like any unlock.
 */
export function DiagnosticsCard() {
  const { t } = useTranslation();
  const { settings, pin, unlock } = useApp();
  const [asking, setAsking] = useState(false);
  const [entry, setEntry] = useState('');
  const [busy, setBusy] = useState(false);
  const [written, setWritten] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const run = async (typed?: string): Promise<void> => {
    const usePin = typed ?? pin();
    if (settings?.pinSet && usePin === undefined) {
      setAsking(true);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const { path } = await call('diagnostics.export', usePin === undefined ? {} : { pin: usePin });
      if (typed !== undefined) unlock(typed);
      setWritten(path);
      setAsking(false);
    } catch (err) {
      const wrong = err instanceof ContractError && (err.details as { reasonCode?: string } | undefined)?.reasonCode === 'pin_wrong';
      setError(wrong ? t('diagnostics.wrongPin') : errorText(err, t));
    } finally {
      setBusy(false);
      setEntry('');
    }
  };

  return (
    <section className="card stack" aria-labelledby="status-support" data-testid="diagnostics">
      <h2 id="status-support">{t('diagnostics.title')}</h2>
      <p className="small muted">{t('diagnostics.hint')}</p>
      {asking ? (
        <form
          className="row"
          onSubmit={(e) => {
            e.preventDefault();
            void run(entry);
          }}
          onKeyDown={(e) => e.key === 'Escape' && setAsking(false)}
        >
          <label htmlFor="diagnostics-pin" className="small">
            {t('diagnostics.pin')}
          </label>
          <input id="diagnostics-pin" type="password" inputMode="numeric" autoComplete="off" autoFocus value={entry} onChange={(e) => setEntry(e.target.value)} />
          <button type="submit" className="primary" disabled={busy}>
            {t('diagnostics.export')}
          </button>
        </form>
      ) : (
        <button type="button" className="start" disabled={busy} onClick={() => void run()}>
          {busy ? t('diagnostics.exporting') : t('diagnostics.export')}
        </button>
      )}
      {written && (
        <p role="status" className="small ok-text">
          {t('diagnostics.saved')} <code className="path" data-testid="diagnostics-path">{written}</code>
        </p>
      )}
      {error && (
        <p role="alert" className="small error-text">
          {error}
        </p>
      )}
    </section>
  );
}
