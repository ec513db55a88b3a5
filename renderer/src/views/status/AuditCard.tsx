import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApp } from '../../state/app-store';
import type { MethodOutput } from '../../../../preload/contract';
import { call } from '../../bridge';
import { PinGate } from '../../components/PinGate';
import { errorText } from '../../components/errors';
import { clock } from '../../components/format';

type RedemptionAudit = MethodOutput<'redemptions.audit'>;
type DeadLetterAudit = MethodOutput<'deadLetters.audit'>;
type Tab = 'redemptions' | 'deadLetters';

const LIMIT = 200;

function ActionName({ action }: { action: string }) {
  const { t } = useTranslation();
  return <>{t(`audit.actions.${action}`, { defaultValue: action })}</>;
}

function RedemptionTable({ rows }: { rows: RedemptionAudit }) {
  const { t, i18n } = useTranslation();
  return (
    <table className="log-table" data-testid="redemption-audit-table">
      <thead>
        <tr>
          <th scope="col">{t('audit.time')}</th>
          <th scope="col">{t('audit.action')}</th>
          <th scope="col">{t('audit.outcome')}</th>
          <th scope="col">{t('audit.benefit')}</th>
          <th scope="col">{t('audit.till')}</th>
          <th scope="col">{t('audit.redemption')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r, i) => (
          <tr key={`${r.at}-${r.redemptionId}-${i}`} data-testid="redemption-audit-row">
            <td className="nowrap">{clock(r.at, i18n.language)}</td>
            <td>
              <ActionName action={r.action} />
            </td>
            {/* The outcome as the core recorded it, with its ids and the services' own reasons. */}
            <td data-testid="audit-outcome">{r.outcome}</td>
            <td>{r.benefitId}</td>
            <td>{r.tillId}</td>
            <td>
              <code className="small">{r.redemptionId.slice(0, 8)}</code>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function DeadLetterTable({ rows }: { rows: DeadLetterAudit }) {
  const { t, i18n } = useTranslation();
  return (
    <table className="log-table" data-testid="dead-letter-audit-table">
      <thead>
        <tr>
          <th scope="col">{t('audit.time')}</th>
          <th scope="col">{t('audit.action')}</th>
          <th scope="col">{t('audit.type')}</th>
          <th scope="col">{t('audit.key')}</th>
          <th scope="col">{t('audit.reason')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r, i) => (
          <tr key={`${r.at}-${r.key}-${i}`} data-testid="dead-letter-audit-row">
            <td className="nowrap">{clock(r.at, i18n.language)}</td>
            <td>
              <ActionName action={r.action} />
            </td>
            <td>{t(`exports.type.${r.type}`, { defaultValue: r.type })}</td>
            <td>
              <code className="small">{r.key}</code>
            </td>
            <td>{r.reason ?? '—'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function AuditBody() {
  const { t } = useTranslation();
  const [tab, setTab] = useState<Tab>('redemptions');
  const [redemptions, setRedemptions] = useState<RedemptionAudit | null>(null);
  const [dead, setDead] = useState<DeadLetterAudit | null>(null);
  const [error, setError] = useState<string | null>(null);
  const pin = useApp((s) => s.pin);
  const load = useCallback(
    (which: Tab) => {
      setError(null);
      const done = which === 'redemptions' ? call('redemptions.audit', { limit: LIMIT }).then(setRedemptions) : call('deadLetters.audit', { pin: pin() }).then(setDead);
      done.catch((e: unknown) => setError(errorText(e, t)));
    },
    [t, pin],
  );
  useEffect(() => {
    const first = setTimeout(() => load(tab), 0);
    return () => clearTimeout(first);
  }, [tab, load]);
  const rows = tab === 'redemptions' ? redemptions : dead;
  return (
    <div className="stack">
      <div className="row">
        <div className="audit-tabs grow" role="tablist" aria-label={t('audit.title')}>
          {(['redemptions', 'deadLetters'] as const).map((name) => (
            <button key={name} type="button" role="tab" aria-selected={tab === name} className={tab === name ? 'primary' : ''} onClick={() => setTab(name)} data-testid={`audit-tab-${name}`}>
              {name === 'redemptions' ? t('audit.redemptionsTab') : t('audit.deadLettersTab')}
            </button>
          ))}
        </div>
        <button type="button" onClick={() => load(tab)}>
          {t('audit.refresh')}
        </button>
      </div>
      {error && (
        <p role="alert" className="small error-text">
          {error}
        </p>
      )}
      {rows && rows.length === 0 && <p className="small muted">{t('audit.empty')}</p>}
      {rows && rows.length > 0 && (
        <div className="table-scroll" role="tabpanel">
          {tab === 'redemptions' ? <RedemptionTable rows={redemptions ?? []} /> : <DeadLetterTable rows={dead ?? []} />}
        </div>
      )}
    </div>
  );
}

/** The audit screens: every redemption step (redeem, cancel, void) and every manual action on failed records. */
export function AuditCard() {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  return (
    <section className="card" aria-labelledby="audit-title" data-testid="audit-card">
      <div className="row">
        <h2 id="audit-title" className="grow">
          {t('audit.title')}
        </h2>
        {!open && (
          <button type="button" onClick={() => setOpen(true)} data-testid="audit-open">
            {t('audit.show')}
          </button>
        )}
      </div>
      {open && (
        <PinGate compact inputId="audit-pin" prompt={t('audit.pinPrompt')}>
          <AuditBody />
        </PinGate>
      )}
    </section>
  );
}
