import { useTranslation } from 'react-i18next';
import { date, money, number } from '../../components/format';
import { redemptionReasonText } from '../../components/core-text';
import type { BenefitView } from '../../../../preload/contract';
import { useCheckout } from '../../state/checkout-store';
import { benefitAction, listNotices, noticeOf, type BenefitAction, type ListNotice } from './benefit-action';
import { useActionContext } from './useActionContext';

type T = (k: string, o?: Record<string, unknown>) => string;

function valueText(b: BenefitView, t: T, language: string): string {
  if (b.kind === 'percent') return t('benefit.percent', { value: number(b.value, language) });
  if (b.kind === 'amount') return t('benefit.amount', { value: money(b.value / 100, language) });
  if (b.kind === 'item') return t('benefit.item');
  return '';
}

/** The line under a benefit: what is happening to it, or why it cannot be applied. "Applied" is shown in the action's place instead. */
function status(b: BenefitView, action: BenefitAction, t: T): { text: string; tone: string } | null {
  const r = b.redemption;
  if (action.kind === 'applied') return r?.voidState === 'pending' ? { text: t('benefit.voiding'), tone: 'pending' } : null;
  if (r?.state === 'pending') return { text: r.offline ? t('benefit.queuedOffline') : r.cancelRequested ? t('benefit.cancelling') : t('benefit.confirming'), tone: 'pending' };
  if (action.kind === 'unavailable') return { text: b.unavailableReason ?? (r?.state === 'rejected' ? redemptionReasonText(r, t) : null) ?? t('benefit.unavailable'), tone: 'refused' };
  if (r?.state === 'voided') return { text: t('benefit.voided'), tone: 'voided' };
  return null;
}

const noticeId = (n: ListNotice): string => `benefits-notice-${n}`;

/**
 * Large buttons, numbered 1–9 for the keyboard; each button's name carries the benefit's title. A
 * benefit keeps its number for the whole checkout (the core keeps the order). Offline, the buttons
 * the core would refuse are disabled up front, with the reason above the list.
 */
export function BenefitList({ benefits }: { benefits: BenefitView[] }) {
  const { t, i18n } = useTranslation();
  const { redeem, cancel } = useCheckout();
  const ctx = useActionContext();
  if (benefits.length === 0) return <p className="muted" data-testid="no-benefits">{t('benefit.none')}</p>;
  const actions = benefits.map((b) => benefitAction(b, ctx));
  return (
    <>
      {listNotices(actions).map((n) => (
        <p key={n} id={noticeId(n)} className={`banner ${n === 'offlineQueued' ? 'banner-warn' : 'banner-error benefits-blocked'}`} role="status" data-testid={noticeId(n)}>
          {t(`cashier.benefits.${n}`)}
        </p>
      ))}
      <ol className="benefits" data-testid="benefits">
        {benefits.map((b, i) => {
          const action = actions[i]!;
          const s = status(b, action, t);
          const notice = noticeOf(action);
          const details = [
            valueText(b, t, i18n.language),
            b.validUntil ? t('benefit.validUntil', { date: date(b.validUntil, i18n.language) }) : '',
            b.usesLeft !== null ? t('benefit.usesLeft', { count: b.usesLeft }) : '',
          ].filter(Boolean);
          const key = i < 9 && <kbd className="benefit-key">{i + 1}</kbd>;
          const body = (
            <span className="benefit-body">
              <span className="benefit-title">{b.title}</span>
              {details.length > 0 && <span className="benefit-details small">{details.join(' · ')}</span>}
            </span>
          );
          const tone = action.kind === 'applied' ? 'applied' : action.kind === 'blocked' ? 'blocked' : s?.tone;
          return (
            <li key={b.id} className={`benefit ${tone ? `benefit-${tone}` : ''}`} data-testid={`benefit-${b.id}`} data-action={action.kind}>
              {action.kind === 'applied' ? (
                // Done: what was applied, and no button to apply it again.
                <div className="benefit-apply benefit-done" data-testid="benefit-done">
                  {key}
                  {body}
                  <span className="benefit-action tone-applied" role="status">
                    {t('benefit.applied')}
                  </span>
                </div>
              ) : (
                <button
                  type="button"
                  className="benefit-apply"
                  disabled={action.kind !== 'apply'}
                  onClick={() => void redeem(b.id)}
                  aria-keyshortcuts={i < 9 ? String(i + 1) : undefined}
                  aria-describedby={notice ? noticeId(notice) : undefined}
                >
                  {key}
                  {body}
                  <span className="benefit-action">{action.kind === 'blocked' ? t('cashier.benefits.offlineShort') : t('benefit.apply')}</span>
                </button>
              )}
              {s && (
                <div className={`benefit-status small tone-${s.tone}`} role="status" data-testid="benefit-status">
                  {s.text}
                  {action.kind === 'busy' && !b.redemption!.cancelRequested && (
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
    </>
  );
}
