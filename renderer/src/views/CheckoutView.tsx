import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useApp } from '../state/app-store';
import { useCheckout } from '../state/checkout-store';
import { useScans } from '../state/scan-store';
import { BenefitList } from './checkout/BenefitList';
import { CustomerCard } from './checkout/CustomerCard';
import { ManualEntry } from './checkout/ManualEntry';
import { ScanResult } from './checkout/ScanResult';
import { TodayList } from './checkout/TodayList';
import { ActivityPanel } from './checkout/ActivityPanel';
import { CampaignPrompts } from './checkout/CampaignPrompts';
import { useCheckoutKeys } from './checkout/useCheckoutKeys';
import { WedgeHint } from './checkout/WedgeHint';
import { checkoutMessageText } from '../components/core-text';
import { useJoin } from '../state/join-store';
import { ConsentPanel } from './permissions/ConsentPanel';
import { JoinForm } from './permissions/JoinForm';
import { JoinNotice } from './permissions/JoinNotice';
import { ScanLog } from './checkout/ScanLog';
import { benefitAction } from './checkout/benefit-action';
import { useActionContext } from './checkout/useActionContext';
import { takeCheckoutFocus, useCheckoutFocus } from '../state/checkout-focus';

export function CheckoutView() {
  const { t } = useTranslation();
  const last = useScans((s) => s.last);
  const scanner = useApp((s) => s.settings?.settings.scanner);
  const { checkout, feedback, error, redeem, newCustomer, refuse } = useCheckout();
  const benefits = checkout?.benefits ?? [];
  const { panel, openJoin, close, dismissNotice } = useJoin();
  const actionContext = useActionContext();
  const root = useRef<HTMLDivElement>(null);
  const focusRequest = useCheckoutFocus((s) => s.requested);
  useEffect(() => takeCheckoutFocus(root.current), [focusRequest]);
  // With a form open, number keys belong to the form (never a benefit) and Esc closes the form first.
  useCheckoutKeys(
    panel ? [] : benefits,
    (id) => {
      // Only what its button offers: a blocked or refused benefit gets the failure signal, nothing is sent.
      const benefit = benefits.find((b) => b.id === id);
      const action = benefit ? benefitAction(benefit, actionContext) : null;
      if (action?.kind === 'apply') void redeem(id);
      else if (action?.kind === 'blocked') refuse(t(`cashier.benefits.${action.why}`));
      else if (action?.kind === 'unavailable') refuse(benefit!.unavailableReason ?? t('benefit.unavailable'));
    },
    () => {
      if (panel) return close();
      dismissNotice();
      void newCustomer();
    },
    (scanner?.wedge.maxGapMs ?? 40) * 2,
  );
  const checkoutId = checkout?.checkoutId ?? null;
  useEffect(() => {
    // A consent change is for the customer on the card: another scan means another customer.
    if (panel?.kind === 'consent' && panel.checkoutId !== checkoutId) close();
  }, [panel, checkoutId, close]);

  // A refused scan after the current customer was found is shown on top; the customer stays.
  const rejectedScan = last && !last.accepted ? last : null;
  return (
    // The focus rests here after a typed card or a scan (tabIndex -1: reachable by script, not by Tab).
    <div className="stack checkout" id="checkout" tabIndex={-1} ref={root}>
      {/* Colour feedback: a frame that flashes green or red once per outcome (keyed so it replays). */}
      {feedback && <div key={feedback.at} className={`flash flash-${feedback.kind}`} aria-hidden="true" data-testid={`flash-${feedback.kind}`} />}
      <div className="checkout-columns">
        <div className="stack checkout-main" role="region" aria-label={t('cashier.landmarks.customer')} data-testid="checkout-main">
          {panel?.kind === 'join' && <JoinForm />}
          {panel?.kind === 'consent' && <ConsentPanel key={`${panel.checkoutId}-${panel.channel}-${panel.give}`} target={panel} />}
          <JoinNotice />
          {rejectedScan && <ScanResult scan={rejectedScan} />}
          {!checkout?.checkoutId && !rejectedScan && !panel && (
            <section className="card scan-prompt" aria-live="polite">
              <div className="scan-icon" aria-hidden="true">▣</div>
              <h2>{t('checkout.scanPrompt')}</h2>
              <p className="muted">{t('checkout.scanHint')}</p>
            </section>
          )}
          {checkout?.checkoutId && (
            <>
              {last?.accepted && <ScanResult scan={last} />}
              {checkout.customerState === 'loading' && <p className="muted" aria-live="polite">{t('customer.loading', { card: checkout.cardId })}</p>}
              {checkout.customer && <CustomerCard customer={checkout.customer} checkoutId={checkout.checkoutId} />}
              {checkout.message && (
                <p className={`banner ${checkout.customerState === 'ready' ? 'banner-warn' : 'banner-error'}`} role="alert" data-testid="checkout-message">
                  {checkoutMessageText(checkout, t)}
                </p>
              )}
              {checkout.prompts.length > 0 && <CampaignPrompts prompts={checkout.prompts} />}
              {checkout.benefitsState === 'loading' && <p className="muted">{t('benefit.loading')}</p>}
              {checkout.benefitsState === 'ready' && <BenefitList benefits={benefits} />}
              {/* After the benefits, never before: the purchases load only once the benefits are settled. */}
              {checkout.customerState === 'ready' && checkout.customer && checkout.benefitsState !== 'loading' && <ActivityPanel key={checkout.checkoutId} cardId={checkout.customer.cardId} />}
              {error && (
                <p className="banner banner-error" role="alert" data-testid="checkout-error">
                  {error}
                </p>
              )}
              <button type="button" className="new-customer" onClick={() => void newCustomer()}>
                {t('checkout.newCustomer')} <kbd>Esc</kbd>
              </button>
            </>
          )}
          <ManualEntry />
          {panel?.kind !== 'join' && (
            <button type="button" id="join-open" className="join-open" aria-keyshortcuts="F4" onClick={openJoin}>
              {t('join.open')} <kbd>F4</kbd>
            </button>
          )}
          {scanner?.kind === 'wedge' && <WedgeHint />}
        </div>
        <div className="stack checkout-side" role="region" aria-label={t('cashier.landmarks.side')} data-testid="checkout-side">
          <TodayList />
          <ScanLog />
        </div>
      </div>
    </div>
  );
}
