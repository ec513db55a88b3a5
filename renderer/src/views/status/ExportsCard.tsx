import { useTranslation } from 'react-i18next';
import type { TypeStatus } from '../../../../preload/contract';
import { call } from '../../bridge';
import { age, bytes, clock, minutes, number } from '../../components/format';
import { reasonText } from '../../components/core-text';
import { useExports } from '../../state/exports-store';
import { useApp } from '../../state/app-store';
import { dateAndAge } from './dashboard-format';

function TypeRow({ row, waitMinutes }: { row: TypeStatus; waitMinutes: number }) {
  const { t, i18n } = useTranslation();
  const drain = row.draining && row.draining.total > 0 ? Math.min(1, row.draining.done / row.draining.total) : null;
  return (
    <li className="export-row" data-testid={`export-${row.type}`}>
      <div className="conn-head">
        <span className={`dot dot-${row.dead > 0 || row.lastError ? 'offline' : row.pending > 0 ? 'unknown' : 'online'}`} aria-hidden="true" />
        <strong>{t(`exports.type.${row.type}`)}</strong>
        <span className="conn-state" data-testid={`pending-${row.type}`}>
          {t('exports.pending', { count: row.pending })}
        </span>
      </div>
      {drain !== null && (
        <div className="progress" role="progressbar" aria-label={t('exports.draining')} aria-valuenow={Math.round(drain * 100)} aria-valuemin={0} aria-valuemax={100}>
          <div style={{ width: `${drain * 100}%` }} />
        </div>
      )}
      <div className="small muted export-facts">
        {row.pending > 0 && <span>{t('exports.oldest', { age: age(row.oldestPendingAt, i18n.language) })}</span>}
        {row.inFlight > 0 && <span>{t('exports.inFlight', { count: row.inFlight })}</span>}
        {row.dead > 0 && <span className="error-text">{t('exports.dead', { count: row.dead })}</span>}
        {row.waitingForFailedCustomer > 0 && (
          <span className="error-text" data-testid={`waiting-for-failed-${row.type}`}>
            {t('exports.waitingForFailed', { count: row.waitingForFailedCustomer, minutes: minutes(waitMinutes, i18n.language) })}
          </span>
        )}
        <span data-testid={`last-sent-${row.type}`}>{t('exports.lastSuccess', { time: dateAndAge(row.lastSuccessAt, i18n.language, t) })}</span>
        <span>
          {row.running
            ? t('exports.nextRun', { time: t('exports.now') })
            : row.schedule === 'continuous' && !row.nextRunAt
              ? t('exports.continuous')
              : t('exports.nextRun', { time: clock(row.nextRunAt, i18n.language) })}
        </span>
        {row.throughputPerMin > 0 && <span>{t('exports.rate', { count: row.throughputPerMin, formatted: number(row.throughputPerMin, i18n.language) })}</span>}
      </div>
      {row.lastError && (
        <div className="small error-text" data-testid={`last-error-${row.type}`}>
          {reasonText(row.lastError, row.lastErrorCode, row.lastErrorParams, t, i18n.language)}
        </div>
      )}
    </li>
  );
}

/** Sync health per data type, live: what waits, what failed and why, and a progress bar while a backlog drains. */
export function ExportsCard() {
  const { t, i18n } = useTranslation();
  const status = useExports((s) => s.status);
  const waitMinutes = useApp((s) => s.settings?.settings.exports.failedCustomerWaitMinutes ?? 60);
  if (!status) return null;
  const sendNow = () => void call('exports.sendNow', { type: 'all' }).catch(() => undefined);
  return (
    <section className="card" aria-labelledby="status-exports" data-testid="exports-card">
      <div className="row">
        <h2 id="status-exports" style={{ flex: 1 }}>
          {t('exports.title')}
        </h2>
        <button type="button" onClick={sendNow} disabled={!status.configured}>
          {t('exports.sendNow')}
        </button>
      </div>
      {status.paused && (
        <p className="banner banner-error" role="alert" data-testid="exports-paused">
          {t('exports.paused', { reason: reasonText(status.paused.reason, status.paused.code, status.paused.params, t, i18n.language) })}
        </p>
      )}
      {!status.configured && <p className="small muted">{t('exports.notConfigured')}</p>}
      <ul className="export-list">
        {status.types.map((row) => (
          <TypeRow key={row.type} row={row} waitMinutes={waitMinutes} />
        ))}
      </ul>
      <p className="small muted">
        {t('exports.disk', { used: bytes(status.disk.usedBytes, i18n.language), cap: bytes(status.disk.capBytes, i18n.language) })}
        {status.inbox.dir && ` · ${t('exports.inbox', { dir: status.inbox.dir })}`}
        {status.inbox.lastFile && ` · ${status.inbox.lastFile}: ${reasonText(status.inbox.lastResult, status.inbox.lastResultCode, status.inbox.lastResultParams, t, i18n.language) ?? ''}`}
      </p>
    </section>
  );
}
