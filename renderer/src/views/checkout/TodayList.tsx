import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RedemptionView } from '../../../../preload/contract';
import { useCheckout } from '../../state/checkout-store';
import { formatTime } from './ScanResult';
import { redemptionReasonText } from '../../components/core-text';
import { VoidForm } from './VoidForm';

function Row({ r }: { r: RedemptionView }) {
  const { t, i18n } = useTranslation();
  const [reason, setReason] = useState<string | null>(null);
  return (
    <li className={`today-row state-${r.state}`} data-testid="today-row">
      <div className="row">
        <span className="small muted">{formatTime(r.createdAt, i18n.language)}</span>
        <strong className="today-title">{r.benefitTitle}</strong>
        <span className="small">{t(`redemption.${r.voidState === 'pending' ? 'voiding' : r.state}`)}</span>
      </div>
      <div className="small muted">
        <span data-testid="today-customer">{r.firstName ? `${r.firstName} ${r.maskedPhone}` : r.maskedPhone}</span> · {t('redemption.till', { till: r.tillId })}
        {r.reason && ` · ${redemptionReasonText(r, t)}`}
        {r.voidReason && ` · ${t('redemption.voidReason', { reason: r.voidReason })}`}
      </div>
      {r.state === 'committed' && r.voidState === null && reason === null && (
        <button type="button" onClick={() => setReason('')}>
          {t('redemption.void')}
        </button>
      )}
      {reason !== null && <VoidForm redemptionId={r.id} onDone={() => setReason(null)} />}
    </li>
  );
}

/** Today's redemptions on this till, including ones still being confirmed in the background. */
export function TodayList() {
  const { t } = useTranslation();
  const today = useCheckout((s) => s.today);
  return (
    <details className="card today" data-testid="today">
      <summary>{t('redemption.today', { count: today.length })}</summary>
      <ul className="today-list">
        {today.map((r) => (
          <Row key={r.id} r={r} />
        ))}
      </ul>
    </details>
  );
}
