import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DeadLetter, ExportType } from '../../../../preload/contract';
import { call } from '../../bridge';
import { PinGate } from '../../components/PinGate';
import { errorText } from '../../components/errors';
import { clock, number } from '../../components/format';
import { useApp } from '../../state/app-store';
import { useExports } from '../../state/exports-store';

const TYPES: ExportType[] = ['customers', 'products', 'sales', 'shops', 'events'];

function Letter({ letter, selected, onSelect }: { letter: DeadLetter; selected: boolean; onSelect: (on: boolean) => void }) {
  const { t, i18n } = useTranslation();
  const pin = useApp((s) => s.pin);
  const [mode, setMode] = useState<'view' | 'fix' | 'discard'>('view');
  const [showRecord, setShowRecord] = useState(false);
  const [text, setText] = useState(JSON.stringify(letter.record, null, 2));
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const act = (fn: () => Promise<unknown>) => () => {
    setError(null);
    fn()
      .then(() => useExports.getState().loadDeadLetters())
      .catch((e: unknown) => setError(errorText(e, t)));
  };
  const fix = act(async () => {
    let record: Record<string, unknown>;
    try {
      record = JSON.parse(text) as Record<string, unknown>;
    } catch {
      throw new Error(t('deadLetters.badJson'));
    }
    await call('deadLetters.fix', { id: letter.id, record, pin: pin() });
  });
  return (
    <li className="dead-letter" data-testid="dead-letter">
      <div className="dead-letter-head">
        <input type="checkbox" checked={selected} onChange={(e) => onSelect(e.target.checked)} aria-label={t('deadTools.select', { key: letter.key })} />
        <strong>{t(`exports.type.${letter.type}`)}</strong> <code className="small">{letter.key}</code>{' '}
        <span className="small muted">{clock(letter.failedAt, i18n.language)}</span>
        <span className="small muted">{t('deadTools.attempts', { count: letter.attempts })}</span>
      </div>
      <div className="small error-text" data-testid="dead-reason">{letter.reason}</div>
      {showRecord && mode !== 'fix' && (
        <pre className="json-view" data-testid="dead-record">
          {JSON.stringify(letter.record, null, 2)}
        </pre>
      )}
      {mode === 'fix' && <textarea className="json-edit" aria-label={t('deadLetters.record')} value={text} onChange={(e) => setText(e.target.value)} rows={6} />}
      {mode === 'discard' && <input aria-label={t('deadLetters.reason')} placeholder={t('deadLetters.reason')} value={reason} onChange={(e) => setReason(e.target.value)} />}
      <div className="row">
        {mode === 'view' && (
          <>
            <button type="button" aria-expanded={showRecord} onClick={() => setShowRecord(!showRecord)}>
              {showRecord ? t('deadTools.hide') : t('deadTools.view')}
            </button>
            <button type="button" onClick={act(() => call('deadLetters.retry', { ids: [letter.id], pin: pin() }))}>{t('deadLetters.retry')}</button>
            <button type="button" onClick={() => setMode('fix')}>{t('deadLetters.fix')}</button>
            <button type="button" onClick={() => setMode('discard')}>{t('deadLetters.discard')}</button>
          </>
        )}
        {mode === 'fix' && <button type="button" className="primary" onClick={fix}>{t('deadLetters.saveAndRetry')}</button>}
        {mode === 'discard' && (
          <button type="button" className="primary" onClick={act(() => call('deadLetters.discard', { ids: [letter.id], reason, pin: pin() }))}>
            {t('deadLetters.confirmDiscard')}
          </button>
        )}
        {mode !== 'view' && <button type="button" onClick={() => setMode('view')}>{t('pairing.cancel')}</button>}
      </div>
      {error && <p className="small error-text" role="alert">{error}</p>}
    </li>
  );
}

/** Filters (type from the core, reason among the listed), and retry or discard (with a reason) of the selected records. */
type Notice = { text: string; error: boolean } | null;

function NoticeLine({ notice }: { notice: Notice }) {
  if (!notice) return null;
  return (
    <p role={notice.error ? 'alert' : 'status'} className={`small ${notice.error ? 'error-text' : ''}`}>
      {notice.text}
    </p>
  );
}

function Tools({ letters, selected, setSelected, setNotice }: { letters: DeadLetter[]; selected: Set<number>; setSelected: (s: Set<number>) => void; setNotice: (n: Notice) => void }) {
  const { t } = useTranslation();
  const pin = useApp((s) => s.pin);
  const [discarding, setDiscarding] = useState(false);
  const [reason, setReason] = useState('');
  const ids = letters.filter((l) => selected.has(l.id)).map((l) => l.id);
  const run = (fn: () => Promise<string>) => {
    setNotice(null);
    fn()
      .then((text) => {
        setNotice({ text, error: false });
        setSelected(new Set());
        setDiscarding(false);
        setReason('');
        return useExports.getState().loadDeadLetters();
      })
      .catch((e: unknown) => setNotice({ text: errorText(e, t), error: true }));
  };
  return (
    <div className="stack">
      <div className="row">
        <button type="button" disabled={ids.length === 0} onClick={() => run(async () => (await call('deadLetters.retry', { ids, pin: pin() }), t('deadTools.retried')))}>
          {t('deadTools.retrySelected')}
        </button>
        <button type="button" disabled={ids.length === 0} onClick={() => setDiscarding(true)}>
          {t('deadTools.discardSelected')}
        </button>
        <span className="small muted" data-testid="dead-selected">
          {t('deadTools.selected', { count: ids.length })}
        </span>
      </div>
      {discarding && ids.length > 0 && (
        <form
          className="row"
          onSubmit={(e) => {
            e.preventDefault();
            run(async () => t('deadTools.discarded', { count: (await call('deadLetters.discard', { ids, reason, pin: pin() })).count }));
          }}
        >
          <input aria-label={t('deadTools.discardReason')} placeholder={t('deadTools.discardReason')} value={reason} onChange={(e) => setReason(e.target.value)} data-testid="bulk-discard-reason" />
          <button type="submit" className="primary">
            {t('deadTools.confirmBulkDiscard', { count: ids.length })}
          </button>
          <button type="button" onClick={() => setDiscarding(false)}>
            {t('pairing.cancel')}
          </button>
        </form>
      )}
    </div>
  );
}

/** Poison records: what Custobar refused and why; the manager views, retries, fixes or discards them, one by one or in bulk. */
export function DeadLetters() {
  const { t, i18n } = useTranslation();
  const { deadLetters, deadTotal, deadShownTotal, deadType, filterDeadLetters, locked } = useExports();
  const managerPin = useApp((s) => s.managerPin);
  // Unlocked elsewhere (Settings) after the list was refused: read it now, with the PIN.
  useEffect(() => {
    if (locked && managerPin) void useExports.getState().loadDeadLetters();
  }, [locked, managerPin]);
  const [reasonFilter, setReasonFilter] = useState('');
  const [selected, setSelected] = useState<Set<number>>(new Set());
  // Kept here: a bulk retry of every record empties the list for a moment, and the card with it.
  const [notice, setNotice] = useState<Notice>(null);
  useEffect(() => {
    if (!notice || notice.error) return undefined;
    const timer = setTimeout(() => setNotice(null), 15_000);
    return () => clearTimeout(timer);
  }, [notice]);
  const reasons = useMemo(() => [...new Set(deadLetters.map((d) => d.reason))].sort(), [deadLetters]);
  const shown = deadLetters.filter((d) => !reasonFilter || d.reason === reasonFilter);
  if (deadTotal === 0) {
    return notice ? (
      <section className="card" data-testid="dead-letters-notice">
        <NoticeLine notice={notice} />
      </section>
    ) : null;
  }
  const allSelected = shown.length > 0 && shown.every((d) => selected.has(d.id));
  return (
    <section className="card" aria-labelledby="dead-title" data-testid="dead-letters">
      <h2 id="dead-title">{t('deadLetters.title', { count: deadTotal })}</h2>
      <PinGate compact inputId="dead-letters-pin" purpose="deadLetters" onUnlock={() => void useExports.getState().loadDeadLetters()}>
        <div className="stack">
          <div className="dead-tools">
            <label>
              {t('deadTools.filterType')}
              <select
                value={deadType ?? ''}
                data-testid="dead-filter-type"
                onChange={(e) => {
                  setSelected(new Set());
                  setReasonFilter('');
                  void filterDeadLetters((e.target.value || null) as ExportType | null);
                }}
              >
                <option value="">{t('deadTools.allTypes')}</option>
                {TYPES.map((type) => (
                  <option key={type} value={type}>
                    {t(`exports.type.${type}`)}
                  </option>
                ))}
              </select>
            </label>
            <label>
              {t('deadTools.filterReason')}
              <select
                value={reasonFilter}
                data-testid="dead-filter-reason"
                onChange={(e) => {
                  setSelected(new Set());
                  setReasonFilter(e.target.value);
                }}
              >
                <option value="">{t('deadTools.allReasons')}</option>
                {reasons.map((r) => (
                  <option key={r} value={r}>
                    {r.length > 80 ? `${r.slice(0, 80)}…` : r}
                  </option>
                ))}
              </select>
            </label>
            <label className="row small">
              <input type="checkbox" checked={allSelected} onChange={(e) => setSelected(e.target.checked ? new Set(shown.map((d) => d.id)) : new Set())} />
              {t('deadTools.selectAll')}
            </label>
          </div>
          <p className="small muted" data-testid="dead-shown">
            {t('deadTools.shown', { shown: number(shown.length, i18n.language), total: number(deadShownTotal, i18n.language) })}
          </p>
          <Tools letters={shown} selected={selected} setSelected={setSelected} setNotice={setNotice} />
          <NoticeLine notice={notice} />
          <ul className="dead-list">
            {shown.map((d) => (
              <Letter
                key={d.id}
                letter={d}
                selected={selected.has(d.id)}
                onSelect={(on) => {
                  const next = new Set(selected);
                  if (on) next.add(d.id);
                  else next.delete(d.id);
                  setSelected(next);
                }}
              />
            ))}
          </ul>
        </div>
      </PinGate>
    </section>
  );
}
