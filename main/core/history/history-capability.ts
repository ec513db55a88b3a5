import type { CompanionApi } from '../../../preload/contract';
import type { CoreContext } from '../context/context';
import type { Db } from '../db/database';
import { formatInZone, toZonedIso } from '../common/dates';
import { History, startSampler } from './history';

export interface HistoryOptions {
  /** How often the sampler runs (default a minute). Tests shorten it; not a user setting. */
  sampleIntervalMs?: number;
}

/** The dashboard's history: the sampler timer and the history.* contract methods. */
export function createHistory(ctx: CoreContext, db: Db, options: HistoryOptions = {}) {
  const now = () => ctx.now().getTime();
  const history = new History(db, now);
  const startOfDay = (): number => {
    const tz = ctx.settings.get().general.storeTimeZone;
    const midnight = toZonedIso(`${formatInZone(now(), tz).slice(0, 10)} 00:00`, tz);
    return midnight.ok ? Date.parse(midnight.value) : now() - 86_400_000;
  };
  let stop: (() => void) | null = null;
  const methods: Pick<CompanionApi, 'history.series' | 'history.totals'> = {
    'history.series': async ({ range }) => {
      // The current minute is as fresh as the moment the dashboard asks (a failed write, e.g. a full
      // disk, still shows what is there).
      try {
        history.sample();
      } catch (error) {
        ctx.logger.warn('history sample failed', { error });
      }
      return history.series(range);
    },
    'history.totals': async () => history.totals(startOfDay()),
  };
  return {
    history,
    methods,
    start: () => {
      stop = startSampler(history, options.sampleIntervalMs, (error) => ctx.logger.warn('history sample failed', { error }));
    },
    close: () => {
      stop?.();
      stop = null;
    },
  };
}
