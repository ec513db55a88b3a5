import { useTranslation } from 'react-i18next';
import { useJoin } from '../../state/join-store';

/** What a join or consent change did, until the cashier moves on. */
export function JoinNotice() {
  const { t } = useTranslation();
  const { notice, dismissNotice } = useJoin();
  if (!notice) return null;
  const phone = notice.result.maskedPhone;
  const text =
    notice.kind === 'joined'
      ? notice.result.existing
        ? notice.result.name
          ? t('join.existing', { phone, name: notice.result.name })
          : t('join.existingNoName', { phone })
        : t('join.welcome', { phone })
      : t(`consentChange.done.${notice.give ? 'give' : 'withdraw'}.${notice.channel}`, { phone });
  const events = notice.result.events;
  return (
    <div className="banner banner-ok stack-tight" role="status" data-testid="join-result">
      <span data-testid="join-result-text">{text}</span>
      {events.length > 0 && <span className="small muted">{t('join.queued', { events: events.join(', ') })}</span>}
      <button type="button" className="link" onClick={dismissNotice}>
        {t('join.dismiss')}
      </button>
    </div>
  );
}
