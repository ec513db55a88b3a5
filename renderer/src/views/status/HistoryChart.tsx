import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

export interface ChartSeries {
  label: string;
  color: string;
  values: number[];
  /** Drawn as bars (counts per bucket) rather than a line (a level). */
  bars?: boolean;
}

/**
 * One uPlot chart (canvas; its CSS is bundled as a file, and it sets element styles through the
 * CSSOM, which the strict CSP allows). Times are epoch seconds, oldest first.
 */
export function HistoryChart(props: { title: string; timeLabel: string; locale: string; days: boolean; span: [number, number]; times: number[]; series: ChartSeries[]; testId: string }) {
  const { title, timeLabel, locale, days, span, times, series, testId } = props;
  const [from, to] = span;
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = box.current;
    if (!el) return undefined;
    const tick = new Intl.DateTimeFormat(locale, days ? { day: 'numeric', month: 'numeric' } : { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    const full = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    // Counts in the shop's language too (uPlot's own use the browser's locale).
    const num = new Intl.NumberFormat(locale);
    const count = (v: number | null): string => (v === null ? '—' : num.format(v));
    const width = () => Math.max(280, el.clientWidth || 600);
    const bars = uPlot.paths.bars?.({ size: [0.8, 24] });
    const plot = new uPlot(
      {
        width: width(),
        height: 180,
        legend: { show: true },
        cursor: { drag: { x: false, y: false } },
        // The whole window (24 h or 7 days), however few samples it has.
        scales: { x: { time: true, range: () => [from, to] } },
        // Times in the shop's language, 24 h (uPlot's own labels are US English).
        axes: [{ values: (_u, splits) => splits.map((v) => tick.format(new Date(v * 1000))) }, { size: 48, values: (_u, splits) => splits.map((v) => num.format(v)) }],
        series: [{ label: timeLabel, value: (_u, v) => (v === null ? '—' : full.format(new Date(v * 1000))) }, ...series.map((s) => ({ label: s.label, stroke: s.color, width: 2, value: (_u: uPlot, v: number | null) => count(v), ...(s.bars && bars ? { paths: bars, fill: `${s.color}55` } : {}) }))],
      },
      [times, ...series.map((s) => s.values)],
      el,
    );
    const resize = new ResizeObserver(() => plot.setSize({ width: width(), height: 180 }));
    resize.observe(el);
    return () => {
      resize.disconnect();
      plot.destroy();
    };
  }, [times, series, timeLabel, locale, days, from, to]);
  return (
    <figure className="history-chart" data-testid={testId} data-points={times.length} data-max={Math.max(0, ...series.flatMap((s) => s.values))}>
      <figcaption className="small">{title}</figcaption>
      <div ref={box} role="img" aria-label={title} />
    </figure>
  );
}
