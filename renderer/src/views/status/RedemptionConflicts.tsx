import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RedemptionView } from '../../../../preload/contract';
import { bridge, call } from '../../bridge';
import { formatTime } from '../checkout/ScanResult';
import { redemptionReasonText } from '../../components/core-text';

/** Offline redemptions the benefits service refused when they were sent later: the manager follows them up. */
export function RedemptionConflicts() {
  const { t, i18n } = useTranslation();
  const [conflicts, setConflicts] = useState<RedemptionView[]>([]);
  useEffect(() => {
    const load = () => void call('redemptions.conflicts', {}).then(setConflicts).catch(() => undefined);
    load();
    return bridge.on('redemption', (r) => {
      if (r.offline && r.state === 'rejected') load();
    });
  }, []);
  if (conflicts.length === 0) return null;
  return (
    <section className="card" aria-labelledby="conflicts-title" data-testid="redemption-conflicts">
      <h2 id="conflicts-title">{t('conflicts.title', { count: conflicts.length })}</h2>
      <p className="small muted">{t('conflicts.hint')}</p>
      <ul className="today-list">
        {conflicts.map((r) => (
          <li key={r.id} className="today-row">
            <div className="row">
              <span className="small muted">{formatTime(r.createdAt, i18n.language)}</span>
              <strong className="today-title">{r.benefitTitle}</strong>
            </div>
            <div className="small error-text">
              {r.maskedPhone} · {t('redemption.till', { till: r.tillId })} · {redemptionReasonText(r, t)}
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}
