import { useTranslation } from 'react-i18next';
import { date, money, number } from '../../components/format';
import { redemptionReasonText } from '../../components/core-text';
import type { BenefitView } from '../../../../preload/contract';
import { useCheckout } from '../../state/checkout-store';

function valueText(b: BenefitView, t: (k: string, o?: Record<string, unknown>) => string, language: string): string {
  if (b.kind === 'percent') return t('benefit.percent', { value: number(b.value, language) });
  if (b.kind === 'amount') return t('benefit.amount', { value: money(b.value / 100, language) });
  if (b.kind === 'item') return t('benefit.item');
  return '';
}

function status(b: BenefitView, t: (k: string, o?: Record<string, unknown>) => string): { text: string; tone: string } | null {
  const r = b.redemption;
  if (!r) return b.available ? null : { text: b.unavailableReason ? redemptionReasonText({ reason: b.unavailableReason, reasonCode: null }, t)! : t('benefit.unavailable'), tone: 'refused' };
  if (r.state === 'pending') return { text: r.offline ? t('benefit.queuedOffline') : r.cancelRequested ? t('benefit.cancelling') : t('benefit.confirming'), tone: 'pending' };
  if (r.state === 'committed') return { text: r.voidState === 'pending' ? t('benefit.voiding') : t('benefit.applied'), tone: 'applied' };
  if (r.state === 'voided') return { text: t('benefit.voided'), tone: 'voided' };
  return { text: redemptionReasonText(r, t) ?? t('benefit.unavailable'), tone: 'refused' };
}

/** Large buttons, numbered 1–9 for the keyboard; each button's name carries the benefit's title. */
export function BenefitList({ benefits }: { benefits: BenefitView[] }) {
  const { t, i18n } = useTranslation();
  const { redeem, cancel } = useCheckout();
  if (benefits.length === 0) return <p className="muted" data-testid="no-benefits">{t('benefit.none')}</p>;
  return (
    <ol className="benefits" data-testid="benefits">
      {benefits.map((b, i) => {
        const s = status(b, t);
        const busy = b.redemption?.state === 'pending';
        const done = b.redemption?.state === 'committed';
        const disabled = !b.available || busy || done;
        const details = [
          valueText(b, t, i18n.language),
          b.validUntil ? t('benefit.validUntil', { date: date(b.validUntil, i18n.language) }) : '',
          b.usesLeft !== null ? t('benefit.usesLeft', { count: b.usesLeft }) : '',
        ].filter(Boolean);
        return (
          <li key={b.id} className={`benefit ${s ? `benefit-${s.tone}` : ''}`} data-testid={`benefit-${b.id}`}>
            <button type="button" className="benefit-apply" disabled={disabled} onClick={() => void redeem(b.id)} aria-keyshortcuts={i < 9 ? String(i + 1) : undefined}>
              {i < 9 && <kbd className="benefit-key">{i + 1}</kbd>}
              <span className="benefit-body">
                <span className="benefit-title">{b.title}</span>
                <span className="benefit-details small">{details.join(' · ')}</span>
              </span>
              <span className="benefit-action">{t('benefit.apply')}</span>
            </button>
            {s && (
              <div className={`benefit-status small tone-${s.tone}`} role="status" data-testid="benefit-status">
                {s.text}
                {busy && !b.redemption!.cancelRequested && (
                  <button type="button" className="link" onClick={() => void cancel(b.redemption!.id)}>
                    {t('benefit.cancel')}
                  </button>
                )}
              </div>
            )}
          </li>
        );
      })}
    </ol>
  );
}
