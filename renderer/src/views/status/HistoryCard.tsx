import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { HistoryRange, HistorySeries, HistoryTotals } from '../../../../preload/contract';
import { call } from '../../bridge';
import { errorText } from '../../components/errors';
import { number } from '../../components/format';
import { dateLocale } from '../../i18n';
import { HistoryChart, type ChartSeries } from './HistoryChart';

/** How often the open dashboard reads the history again (the core samples once a minute, and on each read). */
const REFRESH_MS = 15_000;

function Totals({ totals }: { totals: HistoryTotals }) {
  const { t, i18n } = useTranslation();
  const rows = [
    ['day', t('dashboard.today'), totals.day],
    ['shift', t('dashboard.shift'), totals.shift],
  ] as const;
  return (
    <table className="log-table dashboard-totals" aria-label={t('dashboard.totalsLabel')}>
      <thead>
        <tr>
          <th scope="col">
            <span className="sr-only">{t('dashboard.period')}</span>
          </th>
          <th scope="col">{t('dashboard.redemptions')}</th>
          <th scope="col">{t('dashboard.voids')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map(([key, label, v]) => (
          <tr key={key} data-testid={`totals-${key}`}>
            <th scope="row">{label}</th>
            <td data-testid={`totals-${key}-redemptions`}>{number(v.redemptions, i18n.language)}</td>
            <td data-testid={`totals-${key}-voids`}>{number(v.voids, i18n.language)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The manager's dashboard: the last 24 h or 7 days of the queue and of deliveries, and the day's and shift's totals. */
export function HistoryCard() {
  const { t, i18n } = useTranslation();
  const [range, setRange] = useState<HistoryRange>('24h');
  const [series, setSeries] = useState<HistorySeries | null>(null);
  const [totals, setTotals] = useState<HistoryTotals | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    const load = () =>
      void Promise.all([call('history.series', { range }), call('history.totals', {})])
        .then(([s, tot]) => {
          if (!live) return;
          setSeries(s);
          setTotals(tot);
          setError(null);
        })
        .catch((e: unknown) => live && setError(errorText(e, t)));
    const first = setTimeout(load, 0);
    const timer = setInterval(load, REFRESH_MS);
    return () => {
      live = false;
      clearTimeout(first);
      clearInterval(timer);
    };
  }, [range, t]);

  const charts = useMemo(() => {
    if (!series || series.points.length === 0) return null;
    const times = series.points.map((p) => Date.parse(p.at) / 1000);
    const span: [number, number] = [Date.parse(series.from) / 1000, Date.parse(series.to) / 1000];
    const queue: ChartSeries[] = [
      { label: t('dashboard.queued'), color: '#0b63ce', values: series.points.map((p) => Object.values(p.queued).reduce((a, n) => a + n, 0)) },
      { label: t('dashboard.failed'), color: '#b3261e', values: series.points.map((p) => p.failed) },
    ];
    const activity: ChartSeries[] = [
      { label: t('dashboard.sent'), color: '#147a3d', values: series.points.map((p) => p.sent), bars: true },
      { label: t('dashboard.redemptions'), color: '#8a4fd6', values: series.points.map((p) => p.redemptions) },
      { label: t('dashboard.voids'), color: '#c77700', values: series.points.map((p) => p.voids) },
    ];
    return { times, span, queue, activity };
  }, [series, t]);

  return (
    <section className="card" aria-labelledby="dashboard-title" data-testid="dashboard">
      <div className="row">
        <h2 id="dashboard-title" className="grow">
          {t('dashboard.title')}
        </h2>
        <div role="group" aria-label={t('dashboard.rangeLabel')} className="row">
          {(['24h', '7d'] as const).map((r) => (
            <button key={r} type="button" aria-pressed={range === r} className={range === r ? 'primary' : ''} onClick={() => setRange(r)}>
              {r === '24h' ? t('dashboard.range24h') : t('dashboard.range7d')}
            </button>
          ))}
        </div>
      </div>
      {totals && <Totals totals={totals} />}
      {error && (
        <p role="alert" className="small error-text">
          {error}
        </p>
      )}
      {series && !charts && <p className="small muted">{t('dashboard.noHistory')}</p>}
      {charts && (
        <div className="dashboard-charts">
          <HistoryChart testId="chart-queue" timeLabel={t('audit.time')} locale={dateLocale(i18n.language)} days={series?.range === '7d'} span={charts.span} title={t('dashboard.queueChart')} times={charts.times} series={charts.queue} />
          <HistoryChart testId="chart-activity" timeLabel={t('audit.time')} locale={dateLocale(i18n.language)} days={series?.range === '7d'} span={charts.span} title={t('dashboard.activityChart')} times={charts.times} series={charts.activity} />
        </div>
      )}
    </section>
  );
}
