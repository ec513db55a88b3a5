import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CheckoutState } from '../../../../preload/contract';
import { call } from '../../bridge';
import { errorText } from '../../components/errors';
import { date } from '../../components/format';

type Prompt = CheckoutState['prompts'][number];

/**
 * A Custobar campaign's message for the customer on the card. The message is shown as text (React
 * escapes it): whatever markup a campaign sends is never interpreted. The cashier's answer goes to
 * Custobar as an event, and the prompt does not show again.
 */
function PromptCard({ prompt }: { prompt: Prompt }) {
  const { t, i18n } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const respond = async (response: 'told' | 'dismissed'): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      await call('prompts.respond', { promptId: prompt.id, response });
    } catch (failure) {
      setError(t('prompt.failed', { message: errorText(failure, t) }));
      setBusy(false);
    }
  };
  return (
    <section className="card prompt" role="status" aria-label={t('prompt.label')} data-testid="campaign-prompt">
      <p className="prompt-message" data-testid="prompt-message">
        {prompt.message}
      </p>
      {prompt.validUntil && <p className="small muted">{t('prompt.until', { date: date(prompt.validUntil, i18n.language) })}</p>}
      <div className="row">
        <button type="button" className="primary" disabled={busy} onClick={() => void respond('told')}>
          {t('prompt.told')}
        </button>
        <button type="button" disabled={busy} onClick={() => void respond('dismissed')}>
          {t('prompt.dismiss')}
        </button>
      </div>
      {error && (
        <p className="small error-text" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}

export function CampaignPrompts({ prompts }: { prompts: readonly Prompt[] }) {
  return (
    <>
      {prompts.map((p) => (
        <PromptCard key={p.id} prompt={p} />
      ))}
    </>
  );
}
