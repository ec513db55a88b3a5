import { useTranslation } from 'react-i18next';
import { useScans } from '../../state/scan-store';
import { formatTime } from './ScanResult';
import { scanReasonText } from '../../components/core-text';

/** The last scans at this till, accepted and refused, beside today's redemptions. Text only, never HTML. */
export function ScanLog() {
  const { t, i18n } = useTranslation();
  const recent = useScans((s) => s.recent);
  const shown = recent.slice(0, 10);
  return (
    <details className="card scan-log" data-testid="scan-log">
      <summary>{t('cashier.scanLog.title', { count: recent.length })}</summary>
      {shown.length === 0 ? (
        <p className="small muted">{t('cashier.scanLog.empty')}</p>
      ) : (
        <ul className="scan-list">
          {shown.map((s) => (
            <li key={s.id} className={s.accepted ? 'ok-text' : 'error-text'}>
              <span className="small muted">
                {formatTime(s.at, i18n.language)} · {t(`scan.source.${s.source}`)}
              </span>{' '}
              {s.accepted ? s.cardId : scanReasonText(s, t)}
            </li>
          ))}
        </ul>
      )}
    </details>
  );
}
