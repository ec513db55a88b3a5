import { useTranslation } from 'react-i18next';
import { clock } from '../../components/format';
import { errorText } from '../../components/errors';
import { reasonText } from '../../components/core-text';
import { usePermissions } from '../../state/permissions-store';

/**
 * Custobar's marketing permissions read back to the store, live: the last poll and the next one, the
 * webhook, what waits for the POS and what this till has given but Custobar not yet confirmed.
 */
export function PermissionsCard() {
  const { t, i18n } = useTranslation();
  const { status, pollError, pollNow } = usePermissions();
  if (!status) return null;
  const lang = i18n.language;
  const last = status.lastPoll;
  const { webhook } = status;
  return (
    <section className="card" aria-labelledby="status-permissions" data-testid="permissions-card">
      <div className="row">
        <h2 id="status-permissions" className="grow">
          {t('permissions.title')}
        </h2>
        <button type="button" onClick={() => void pollNow()} disabled={status.polling} data-testid="poll-now">
          {status.polling ? t('permissions.polling') : t('permissions.pollNow')}
        </button>
      </div>
      {pollError !== null && (
        <p role="alert" className="small error-text" data-testid="poll-error">
          {errorText(pollError, t)}
        </p>
      )}
      <dl className="facts facts-split">
        <dt>{t('permissions.lastPoll')}</dt>
        <dd data-testid="permissions-last-poll" aria-live="polite">
          {status.polling && <span className="block">{t('permissions.running')}</span>}
          {last ? (
            <>
              <span className="block">
                {clock(last.finishedAt ?? last.startedAt, lang)} ·{' '}
                {[t('permissions.pages', { count: last.pages }), t('permissions.customers', { count: last.customers }), t('permissions.changes', { count: last.changes })].join(' · ')}
              </span>
              {last.error && (
                <span className="block small error-text" data-testid="permissions-poll-error">
                  {t('permissions.pollFailed', { error: reasonText(last.error, last.errorCode, last.errorParams, t, lang) })}
                </span>
              )}
            </>
          ) : (
            !status.polling && t('permissions.never')
          )}
        </dd>
        <dt>{t('permissions.nextPoll')}</dt>
        <dd data-testid="permissions-next-poll">{status.schedule === 'off' ? t('permissions.off') : clock(status.nextPollAt, lang)}</dd>
        <dt>{t('permissions.webhook')}</dt>
        <dd data-testid="permissions-webhook">
          {webhook.enabled ? t('permissions.webhookOn') : t('permissions.webhookOff')}
          {webhook.enabled && (
            <span className="block small muted">
              {webhook.lastCallAt
                ? t('permissions.webhookCall', { time: clock(webhook.lastCallAt, lang), received: webhook.lastReceived ?? 0, applied: webhook.lastApplied ?? 0 })
                : t('permissions.webhookNoCalls')}
            </span>
          )}
        </dd>
        <dt>{t('permissions.waitingForPos')}</dt>
        <dd data-testid="permissions-waiting">{status.waitingForPos}</dd>
        <dt>{t('permissions.heldAtTill')}</dt>
        <dd data-testid="permissions-held">{status.heldAtTill}</dd>
        <dt>{t('permissions.outDir')}</dt>
        <dd data-testid="permissions-out">
          {status.outDir ? <code className="path">{status.outDir}</code> : t('permissions.outDirOff')}
          {status.outDir && status.lastFile && <span className="block small muted">{t('permissions.lastFile', { file: status.lastFile })}</span>}
        </dd>
      </dl>
    </section>
  );
}
