import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DeadLetter } from '../../../../preload/contract';
import { call } from '../../bridge';
import { PinGate } from '../../components/PinGate';
import { clock } from '../../components/format';
import { useApp } from '../../state/app-store';
import { useExports } from '../../state/exports-store';

function Letter({ letter }: { letter: DeadLetter }) {
  const { t, i18n } = useTranslation();
  const pin = useApp((s) => s.pin);
  const [mode, setMode] = useState<'view' | 'fix' | 'discard'>('view');
  const [text, setText] = useState(JSON.stringify(letter.record, null, 2));
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const act = (fn: () => Promise<unknown>) => () => {
    setError(null);
    fn()
      .then(() => useExports.getState().loadDeadLetters())
      .catch((e: Error) => setError(e.message));
  };
  const fix = act(async () => {
    let record: Record<string, unknown>;
    try {
      record = JSON.parse(text) as Record<string, unknown>;
    } catch {
      throw new Error(t('deadLetters.badJson'));
    }
    await call('deadLetters.fix', { id: letter.id, record, pin: pin() });
  });
  return (
    <li className="dead-letter" data-testid="dead-letter">
      <div>
        <strong>{t(`exports.type.${letter.type}`)}</strong> <code className="small">{letter.key}</code>{' '}
        <span className="small muted">{clock(letter.failedAt, i18n.language)}</span>
      </div>
      <div className="small error-text" data-testid="dead-reason">{letter.reason}</div>
      {mode === 'fix' && <textarea className="json-edit" aria-label={t('deadLetters.record')} value={text} onChange={(e) => setText(e.target.value)} rows={6} />}
      {mode === 'discard' && <input aria-label={t('deadLetters.reason')} placeholder={t('deadLetters.reason')} value={reason} onChange={(e) => setReason(e.target.value)} />}
      <div className="row">
        {mode === 'view' && (
          <>
            <button type="button" onClick={act(() => call('deadLetters.retry', { ids: [letter.id], pin: pin() }))}>{t('deadLetters.retry')}</button>
            <button type="button" onClick={() => setMode('fix')}>{t('deadLetters.fix')}</button>
            <button type="button" onClick={() => setMode('discard')}>{t('deadLetters.discard')}</button>
          </>
        )}
        {mode === 'fix' && <button type="button" className="primary" onClick={fix}>{t('deadLetters.saveAndRetry')}</button>}
        {mode === 'discard' && (
          <button type="button" className="primary" onClick={act(() => call('deadLetters.discard', { ids: [letter.id], reason, pin: pin() }))}>
            {t('deadLetters.confirmDiscard')}
          </button>
        )}
        {mode !== 'view' && <button type="button" onClick={() => setMode('view')}>{t('pairing.cancel')}</button>}
      </div>
      {error && <p className="small error-text" role="alert">{error}</p>}
    </li>
  );
}

/** Poison records: what Custobar refused and why; the manager retries, fixes or discards them. */
export function DeadLetters() {
  const { t } = useTranslation();
  const { deadLetters, deadTotal, locked } = useExports();
  const managerPin = useApp((s) => s.managerPin);
  // Unlocked elsewhere (Settings) after the list was refused: read it now, with the PIN.
  useEffect(() => {
    if (locked && managerPin) void useExports.getState().loadDeadLetters();
  }, [locked, managerPin]);
  if (deadTotal === 0) return null;
  return (
    <section className="card" aria-labelledby="dead-title" data-testid="dead-letters">
      <h2 id="dead-title">{t('deadLetters.title', { count: deadTotal })}</h2>
      <PinGate compact inputId="dead-letters-pin" purpose="deadLetters" onUnlock={() => void useExports.getState().loadDeadLetters()}>
        <ul className="dead-list">
          {deadLetters.map((d) => (
            <Letter key={d.id} letter={d} />
          ))}
        </ul>
      </PinGate>
    </section>
  );
}
