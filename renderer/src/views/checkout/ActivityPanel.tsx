import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Activity } from '../../../../preload/contract';
import { call } from '../../bridge';
import { errorText } from '../../components/errors';
import { date, money } from '../../components/format';

type Load = { state: 'loading' } | { state: 'ready'; activity: Activity } | { state: 'error'; message: string };

/**
 * The customer's recent purchases and the tenant's customer figures. Mounted only once the
 * benefits are on the screen (or failed), so it never competes with them; keyed by the checkout,
 * so a new customer starts a new load and a late answer for the last one is dropped.
 */
export function ActivityPanel({ cardId }: { cardId: string }) {
  const { t, i18n } = useTranslation();
  const [load, setLoad] = useState<Load>({ state: 'loading' });
  useEffect(() => {
    let live = true;
    call('customers.activity', { cardId })
      .then((activity) => live && setLoad({ state: 'ready', activity }))
      .catch((error: unknown) => live && setLoad({ state: 'error', message: errorText(error, t) }));
    return () => {
      live = false;
    };
  }, [cardId, t]);

  return (
    <section className="card activity" aria-labelledby="activity-title" data-testid="activity">
      <h2 id="activity-title">{t('activity.title')}</h2>
      {load.state === 'loading' && <p className="small muted">{t('activity.loading')}</p>}
      {load.state === 'error' && <p className="small error-text">{t('activity.failed', { message: load.message })}</p>}
      {load.state === 'ready' && (
        <>
          {load.activity.offline && <p className="small muted">{t('activity.offline')}</p>}
          {load.activity.purchases.length === 0 ? (
            <p className="small muted">{t('activity.none')}</p>
          ) : (
            <ul className="activity-list">
              {load.activity.purchases.map((p) => (
                <li key={p.sale_external_id} className="activity-row" data-testid="activity-purchase">
                  <div className="row">
                    <span className="small muted">{Number.isNaN(Date.parse(p.date)) ? p.date : date(p.date, i18n.language)}</span>
                    {p.shop_id && <span className="small">{t('activity.shop', { shop: p.shop_id })}</span>}
                    {p.total !== null && <strong className="activity-total">{money(p.total / 100, i18n.language)}</strong>}
                  </div>
                  <div className="small muted" data-testid="activity-items">{p.items.map((item) => t('activity.items', { quantity: item.quantity, title: item.title ?? item.product_id })).join(' · ')}</div>
                </li>
              ))}
            </ul>
          )}
          {Object.keys(load.activity.fields).length > 0 && (
            <dl className="activity-fields" aria-label={t('activity.fields')}>
              {Object.entries(load.activity.fields).map(([name, value]) => (
                <div key={name} className="row">
                  <dt className="small muted">{name}</dt>
                  <dd className="small">{typeof value === 'object' ? JSON.stringify(value) : String(value)}</dd>
                </div>
              ))}
            </dl>
          )}
        </>
      )}
    </section>
  );
}
