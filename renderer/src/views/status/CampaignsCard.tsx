import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PromptStats } from '../../../../preload/contract';
import { call } from '../../bridge';
import { number } from '../../components/format';

const COUNTS = ['received', 'shown', 'told', 'dismissed'] as const;

/** The manager's view of Custobar's campaign prompts: received, shown, told and dismissed per campaign, today and over 7 days. */
export function CampaignsCard() {
  const { t, i18n } = useTranslation();
  const [stats, setStats] = useState<PromptStats | null>(null);
  useEffect(() => {
    const load = () => void call('prompts.stats', {}).then(setStats).catch(() => undefined);
    load();
    const timer = setInterval(load, 30_000);
    return () => clearInterval(timer);
  }, []);
  if (!stats) return null;
  return (
    <section className="card" aria-labelledby="campaigns-title" data-testid="campaigns">
      <h2 id="campaigns-title">{t('campaigns.title')}</h2>
      <p className="small muted">{t('campaigns.hint')}</p>
      {stats.campaigns.length === 0 ? (
        <p className="small muted">{t('campaigns.empty')}</p>
      ) : (
        // Scrolls sideways in a narrow window (420 px) instead of squeezing nine columns; focusable, so a keyboard can scroll it (axe: scrollable-region-focusable).
        <div className="table-scroll" tabIndex={0} role="region" aria-label={t('campaigns.table')}>
        <table className="campaigns-table">
          <thead>
            <tr>
              <th scope="col">{t('campaigns.campaign')}</th>
              {(['today', 'week'] as const).flatMap((when) => COUNTS.map((c) => <th key={`${when}-${c}`} scope="col">{`${t(`campaigns.${when}`)}: ${t(`campaigns.${c}`)}`}</th>))}
            </tr>
          </thead>
          <tbody>
            {stats.campaigns.map((c) => (
              <tr key={c.campaignId} data-testid="campaign-row">
                <th scope="row">{c.campaignId}</th>
                {(['today', 'week'] as const).flatMap((when) => COUNTS.map((k) => <td key={`${when}-${k}`}>{number(c[when][k], i18n.language)}</td>))}
              </tr>
            ))}
          </tbody>
        </table>
        </div>
      )}
    </section>
  );
}
