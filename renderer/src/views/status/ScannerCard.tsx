import { useTranslation } from 'react-i18next';
import { useScans } from '../../state/scan-store';
import { formatTime } from '../checkout/ScanResult';
import { scanReasonText, scannerMessageText } from '../../components/core-text';

/** Scanner health for the manager, and the last scans with their outcome. */
export function ScannerCard() {
  const { t, i18n } = useTranslation();
  const { scanner, recent } = useScans();
  return (
    <section className="card" aria-labelledby="status-scanner" data-testid="scanner-card">
      <h2 id="status-scanner">{t('status.scanner')}</h2>
      {scanner && (
        <>
          <div className="conn-head">
            <span className={`dot dot-${scanner.state === 'connected' ? 'online' : scanner.state === 'disabled' ? 'unknown' : 'offline'}`} aria-hidden="true" />
            <strong>{t(`scannerKind.${scanner.kind}`)}</strong>
            <span className="conn-state" data-testid="scanner-state">{t(`scannerState.${scanner.state}`)}</span>
          </div>
          {scanner.device && scanner.kind !== 'wedge' && <div className="small muted">{scanner.device}</div>}
          {scanner.message && <div className="small">{scannerMessageText(scanner, t, i18n.language)}</div>}
          {scanner.lastScanAt && <div className="small muted">{t('status.lastScan', { time: formatTime(scanner.lastScanAt, i18n.language) })}</div>}
        </>
      )}
      <h3 className="small muted">{t('status.recentScans')}</h3>
      {recent.length === 0 ? (
        <p className="small muted">{t('status.noScans')}</p>
      ) : (
        <ul className="scan-list" data-testid="recent-scans">
          {recent.slice(0, 10).map((s) => (
            <li key={s.id} className={s.accepted ? 'ok-text' : 'error-text'}>
              <span className="small muted">{formatTime(s.at, i18n.language)} · {t(`scan.source.${s.source}`)}</span>{' '}
              {s.accepted ? s.cardId : scanReasonText(s, t)}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
