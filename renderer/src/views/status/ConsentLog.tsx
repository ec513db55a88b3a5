import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConsentLogEntry } from '../../../../preload/contract';
import { call, ContractError } from '../../bridge';
import { PinGate } from '../../components/PinGate';
import { errorText } from '../../components/errors';
import { clock, maskPhone } from '../../components/format';
import { useApp } from '../../state/app-store';

const LIMIT = 200;

function Answer({ value }: { value: boolean | null }) {
  const { t } = useTranslation();
  const word = t(`consentLog.value.${value === true ? 'yes' : value === false ? 'no' : 'notAsked'}`);
  return (
    <td className={value === true ? 'ok-text' : value === false ? 'error-text' : 'muted'}>
      <span aria-hidden="true">{value === true ? '✓' : value === false ? '✕' : '–'}</span>
      <span className="sr-only">{word}</span>
    </td>
  );
}

function LogTable({ entries }: { entries: ConsentLogEntry[] }) {
  const { t, i18n } = useTranslation();
  return (
    <div className="table-scroll">
      <table className="log-table" data-testid="consent-log-table">
        <thead>
          <tr>
            <th scope="col">{t('consentLog.time')}</th>
            <th scope="col">{t('consentLog.action')}</th>
            <th scope="col">{t('consentLog.phone')}</th>
            <th scope="col">{t('consentLog.where')}</th>
            <th scope="col">{t('consentLog.version')}</th>
            <th scope="col">{t('consentLog.sms')}</th>
            <th scope="col">{t('consentLog.email')}</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((e) => (
            <tr key={e.id} data-testid="consent-log-row">
              <td>{clock(e.at, i18n.language)}</td>
              <td>{t(`consentLog.actions.${e.action}`)}</td>
              <td className="nowrap">{maskPhone(e.phone_number)}</td>
              <td>
                {e.shop_id} / {e.till_id}
              </td>
              <td>{e.consent_text_version}</td>
              <Answer value={e.sms} />
              <Answer value={e.email} />
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** For the manager: who gave or withdrew which permission at which till, shown which text (PIN). */
function LogBody() {
  const { t } = useTranslation();
  const { pin, unlock } = useApp();
  const [entries, setEntries] = useState<ConsentLogEntry[] | null>(null);
  const [filter, setFilter] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const load = async (phone: string): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      const typed = pin();
      const list = await call('customers.consentLog', {
        limit: LIMIT,
        ...(phone.trim() ? { phone_number: phone.trim() } : {}),
        ...(typed !== undefined ? { pin: typed } : {}),
      });
      setEntries(list);
    } catch (err) {
      if (err instanceof ContractError && err.code === 'pin_required') {
        // The PIN this page held expired or is no longer the manager's: ask for it again.
        unlock(null);
        setError(t('consentLog.pinAgain'));
      } else setError(errorText(err, t));
    } finally {
      setBusy(false);
    }
  };
  // Opened on purpose (and unlocked): show the newest entries at once.
  useEffect(() => {
    // After this render (the rule against setting state inside an effect's own turn).
    const first = setTimeout(() => void load(''), 0);
    return () => clearTimeout(first);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  return (
    <div className="stack">
      <form
        className="row"
        role="search"
        aria-label={t('consentLog.title')}
        onSubmit={(e) => {
          e.preventDefault();
          void load(filter);
        }}
      >
        <label htmlFor="consent-log-phone" className="sr-only">
          {t('consentLog.filter')}
        </label>
        <input id="consent-log-phone" type="tel" inputMode="tel" autoComplete="off" maxLength={32} placeholder={t('consentLog.filterPlaceholder')} value={filter} onChange={(e) => setFilter(e.target.value)} />
        <button type="submit" disabled={busy}>
          {entries === null && filter.trim() === '' ? t('consentLog.show') : filter.trim() ? t('consentLog.apply') : t('consentLog.refresh')}
        </button>
        {filter.trim() !== '' && entries !== null && (
          <button
            type="button"
            onClick={() => {
              setFilter('');
              void load('');
            }}
          >
            {t('consentLog.all')}
          </button>
        )}
      </form>
      {busy && <p className="small muted">{t('consentLog.loading')}</p>}
      {error && (
        <p role="alert" className="small error-text" data-testid="consent-log-error">
          {error}
        </p>
      )}
      {entries !== null &&
        (entries.length === 0 ? (
          <p className="small muted">{t('consentLog.empty')}</p>
        ) : (
          <>
            <p className="small muted" aria-live="polite">
              {t('consentLog.count', { count: entries.length })}
            </p>
            <LogTable entries={entries} />
          </>
        ))}
    </div>
  );
}

export function ConsentLog() {
  const { t } = useTranslation();
  // Closed until asked for: the Status view then holds one PIN question at a time, not one per card.
  const [open, setOpen] = useState(false);
  return (
    <section className="card" aria-labelledby="consent-log-title" data-testid="consent-log">
      <h2 id="consent-log-title">{t('consentLog.title')}</h2>
      <p className="small muted">{t('consentLog.hint')}</p>
      {open ? (
        <PinGate compact inputId="consent-log-pin" purpose="consentLog">
          <LogBody />
        </PinGate>
      ) : (
        <button type="button" onClick={() => setOpen(true)}>
          {t('consentLog.show')}
        </button>
      )}
    </section>
  );
}
