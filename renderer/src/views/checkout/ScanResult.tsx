import { useTranslation } from 'react-i18next';
import type { ScanRecord } from '../../../../preload/contract';
import { timeOfDay } from '../../components/format';
import { scanReasonText } from '../../components/core-text';

export const formatTime = timeOfDay;

/** The last scan: the card id and where it came from, or the refusal reason. Text only, never HTML. */
export function ScanResult({ scan }: { scan: ScanRecord }) {
  const { t, i18n } = useTranslation();
  const meta = `${t(`scan.source.${scan.source}`)} · ${formatTime(scan.at, i18n.language)}${scan.symbology ? ` · ${scan.symbology}` : ''}`;
  if (!scan.accepted) {
    return (
      <section className="card scan-result rejected" role="alert" data-testid="scan-rejected">
        <h2>{t('scan.rejected')}</h2>
        <p className="reason" data-testid="scan-reason">{scanReasonText(scan, t)}</p>
        <p className="small muted">{meta}</p>
      </section>
    );
  }
  return (
    <div className="scan-line" aria-live="polite" data-testid="scan-accepted">
      <span className="small muted">{scan.repeat ? t('scan.sameCheckout') : t('scan.card')}</span>{' '}
      <strong className="card-id" data-testid="scan-card-id">{scan.cardId}</strong>
      <div className="small muted" data-testid="scan-meta">{meta}</div>
    </div>
  );
}
