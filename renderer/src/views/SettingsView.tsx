import { Fragment, useEffect, useRef, useState } from 'react';
import { errorText } from '../components/errors';
import { useTranslation } from 'react-i18next';
import type { SecretName, SettingsView as SettingsViewModel } from '../../../preload/contract';
import { call, ContractError } from '../bridge';
import { Field, type FieldLock } from '../components/Field';
import { PinGate } from '../components/PinGate';
import { PairingPanel } from './settings/PairingPanel';
import { useApp } from '../state/app-store';
import { draftFrom, lockOf, patchFrom, problemsOf, problemWords, sectionOf, sections, type Draft, type FieldDef, type SectionId, type SettingProblem } from './settings-fields';
import { clock } from '../components/format';

function Input({ def, value, lock, problem, onChange }: { def: FieldDef; value: Draft[string]; lock: FieldLock; problem?: string; onChange: (v: Draft[string]) => void }) {
  const { t } = useTranslation();
  const locked = lock !== null;
  const id = `setting-${def.path}`;
  const described = [def.hint ? `${id}-hint` : '', problem ? `${id}-error` : ''].filter(Boolean).join(' ');
  const invalid = { ...(problem ? { 'aria-invalid': true as const } : {}), ...(described ? { 'aria-describedby': described } : {}) };
  const control =
    def.kind === 'checkbox' ? (
      <input id={id} type="checkbox" checked={Boolean(value)} disabled={locked} onChange={(e) => onChange(e.target.checked)} />
    ) : def.kind === 'select' ? (
      <select id={id} value={String(value)} disabled={locked} onChange={(e) => onChange(def.numeric ? Number(e.target.value) : e.target.value)}>
        {Object.entries(def.options ?? {}).map(([v, label]) => (
          <option key={v} value={v}>
            {t(label)}
          </option>
        ))}
      </select>
    ) : def.kind === 'textarea' ? (
      <textarea id={id} rows={3} value={String(value)} disabled={locked} placeholder={def.placeholder ? t(def.placeholder) : undefined} onChange={(e) => onChange(e.target.value)} {...invalid} />
    ) : def.kind === 'lines' ? (
      <textarea
        id={id}
        rows={4}
        value={String(value)}
        disabled={locked}
        placeholder={def.placeholder ? (t(def.placeholder, { returnObjects: true }) as string[]).join('\n') : undefined}
        onChange={(e) => onChange(e.target.value)}
        {...invalid}
      />
    ) : (
      <input
        id={id}
        type={def.kind === 'number' ? 'number' : 'text'}
        value={String(value)}
        disabled={locked}
        placeholder={def.placeholder ? t(def.placeholder) : undefined}
        onChange={(e) => onChange(def.kind === 'number' ? Number(e.target.value) : e.target.value)}
        {...invalid}
      />
    );
  return (
    <Field id={id} label={t(def.label)} lock={lock}>
      {control}
      {def.hint && (
        <span id={`${id}-hint`} className="small muted">
          {t(def.hint)}
        </span>
      )}
      {problem && (
        <span id={`${id}-error`} className="small error-text" data-testid={`${id}-error`}>
          {problem}
        </span>
      )}
    </Field>
  );
}

function SecretRow({ name, label }: { name: SecretName; label: string }) {
  const { t } = useTranslation();
  const { settings, pin } = useApp();
  const [value, setValue] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const stored = settings?.secrets[name] ?? false;
  const save = async (): Promise<void> => {
    try {
      await call('secrets.set', { name, value, pin: pin() });
      setValue('');
      setMessage(t('settings.saved'));
    } catch (error) {
      setMessage(errorText(error, t));
    }
  };
  return (
    <Field id={`secret-${name}`} label={t(label)}>
      <div className="row">
        <input id={`secret-${name}`} type="password" autoComplete="off" value={value} onChange={(e) => setValue(e.target.value)} />
        <button type="button" onClick={() => void save()}>
          {t('settings.saveToken')}
        </button>
      </div>
      <span className="small muted">{message ?? (stored ? t('settings.tokenSet') : t('settings.tokenMissing'))}</span>
    </Field>
  );
}

type SaveMessage = { ok: boolean; text: string } | null;

export function SettingsView() {
  const settings = useApp((s) => s.settings);
  // Outside the form: a save's `settings` event remounts the form, and can arrive before the save's
  // own answer, which would otherwise put "Saved" into a form that is already gone. The open
  // section lives here too, so a save does not jump back to the first one.
  const [message, setMessage] = useState<SaveMessage>(null);
  const [active, setActive] = useState<SectionId>(sections[0]!.id);
  if (!settings) return <p className="muted">…</p>;
  // Remount the form when the stored settings change, so the draft starts from what was saved.
  return <SettingsForm key={JSON.stringify(settings.settings)} settings={settings} message={message} setMessage={setMessage} active={active} setActive={setActive} />;
}

/** The secrets and panels that belong to a section besides its fields. */
function SectionExtras({ id }: { id: SectionId }) {
  switch (id) {
    case 'connection':
      return (
        <>
          <SecretRow name="custobarToken" label="settings.token" />
          <SecretRow name="benefitsToken" label="settings.benefitsToken" />
        </>
      );
    case 'customers':
      return (
        <>
          <SecretRow name="solteqClientSecret" label="settings.solteqSecret" />
          <SecretRow name="permissionsSecret" label="settings.permissionsSecret" />
        </>
      );
    case 'exports':
      return <SecretRow name="ingestToken" label="settings.ingestToken" />;
    case 'fleet':
      return (
        <>
          <SecretRow name="metricsToken" label="settings.metricsToken" />
          <SecretRow name="otlpToken" label="settings.otlpToken" />
        </>
      );
    case 'campaigns':
      return <SecretRow name="campaignsSecret" label="campaignSettings.secret" />;
    default:
      return null;
  }
}

/**
 * The section list: a vertical tab list (arrow keys, Home and End move between sections; Tab goes
 * on into the open section), with the number of refused fields on each section that has any.
 */
function SectionNav({ active, setActive, counts }: { active: SectionId; setActive: (id: SectionId) => void; counts: Record<string, number> }) {
  const { t } = useTranslation();
  const refs = useRef<Record<string, HTMLButtonElement | null>>({});
  const move = (e: React.KeyboardEvent, index: number): void => {
    const last = sections.length - 1;
    const next = { ArrowDown: index + 1, ArrowRight: index + 1, ArrowUp: index - 1, ArrowLeft: index - 1, Home: 0, End: last }[e.key];
    if (next === undefined) return;
    e.preventDefault();
    const target = sections[(next + sections.length) % sections.length]!;
    setActive(target.id);
    refs.current[target.id]?.focus();
  };
  return (
    <div className="settings-nav" role="tablist" aria-orientation="vertical" aria-label={t('settingsNav.label')} data-testid="settings-nav">
      {sections.map((section, index) => (
        <button
          key={section.id}
          ref={(el) => {
            refs.current[section.id] = el;
          }}
          type="button"
          role="tab"
          id={`settings-tab-${section.id}`}
          aria-selected={section.id === active}
          aria-controls={`settings-panel-${section.id}`}
          tabIndex={section.id === active ? 0 : -1}
          onClick={() => setActive(section.id)}
          onKeyDown={(e) => move(e, index)}
        >
          {t(section.title)}
          {(counts[section.id] ?? 0) > 0 && (
            <span className="settings-nav-errors" aria-label={t('settingsNav.errorCount', { count: counts[section.id] })}>
              {counts[section.id]}
            </span>
          )}
        </button>
      ))}
    </div>
  );
}

function SettingsForm({
  settings,
  message,
  setMessage,
  active,
  setActive,
}: {
  settings: SettingsViewModel;
  message: SaveMessage;
  setMessage: (m: SaveMessage) => void;
  active: SectionId;
  setActive: (id: SectionId) => void;
}) {
  const { t, i18n } = useTranslation();
  const pin = useApp((s) => s.pin);
  const original = draftFrom(settings.settings);
  const [draft, setDraft] = useState<Draft>(original);
  const [problems, setProblems] = useState<Record<string, SettingProblem>>({});
  const focusPath = useRef<string | null>(null);
  const formRef = useRef<HTMLFormElement>(null);

  useEffect(() => {
    // Ctrl+S saves wherever the focus is, as in every other desktop program.
    const onKey = (e: KeyboardEvent): void => {
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 's') {
        e.preventDefault();
        formRef.current?.requestSubmit();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  // A refused field in another section: that section opens first, then its field gets the focus.
  useEffect(() => {
    if (!focusPath.current) return;
    document.getElementById(`setting-${focusPath.current}`)?.focus();
    focusPath.current = null;
  });

  const defs = new Map(sections.flatMap((s) => s.fields).map((f) => [f.path, f]));
  const words = (p: SettingProblem): string => problemWords(defs.get(p.path), p, t, i18n.language);
  const counts: Record<string, number> = {};
  for (const path of Object.keys(problems)) {
    const section = sectionOf(path);
    if (section) counts[section.id] = (counts[section.id] ?? 0) + 1;
  }

  const save = async (e: React.FormEvent): Promise<void> => {
    e.preventDefault();
    try {
      await call('settings.update', { patch: patchFrom(draft, original), pin: pin() });
      setProblems({});
      setMessage({ ok: true, text: t('settingsNav.savedAt', { time: clock(new Date().toISOString(), i18n.language) }) });
    } catch (error) {
      // Refused fields get their reason at the field, in the manager's language where it has words.
      const all = problemsOf(error instanceof ContractError ? error.details : undefined);
      const shown = all.filter((p) => defs.has(p.path));
      setProblems(Object.fromEntries(shown.map((p) => [p.path, p])));
      setMessage({ ok: false, text: shown.length > 0 && shown.length === all.length ? t('settings.fixFields') : (error as Error).message });
      const first = shown[0];
      if (first) {
        const section = sectionOf(first.path);
        if (section) setActive(section.id);
        focusPath.current = first.path;
      }
    }
  };

  const section = sections.find((s) => s.id === active) ?? sections[0]!;
  return (
    <PinGate purpose="settings">
      <form ref={formRef} className="settings-layout" onSubmit={(e) => void save(e)}>
        <SectionNav active={section.id} setActive={setActive} counts={counts} />
        <div className="settings-panel stack" role="tabpanel" id={`settings-panel-${section.id}`} aria-labelledby={`settings-tab-${section.id}`}>
          <fieldset className="card" data-testid={`settings-section-${section.id}`}>
            <legend>{t(section.title)}</legend>
            {section.fields.filter((def) => def.when?.(draft) ?? true).map((def) => (
              <Fragment key={def.path}>
                {def.heading && <h3 className="settings-group">{t(def.heading)}</h3>}
                <Input
                  def={def}
                  value={draft[def.path] ?? ''}
                  lock={lockOf(settings, def.path)}
                  problem={problems[def.path] ? words(problems[def.path]!) : undefined}
                  onChange={(v) => setDraft({ ...draft, [def.path]: v })}
                />
              </Fragment>
            ))}
            <SectionExtras id={section.id} />
          </fieldset>
          {section.id === 'scanner' && <PairingPanel />}
          <div className="row sticky-actions">
            <button type="submit" className="primary">
              {t('settings.save')}
            </button>
            {message && (
              <span role="status" className={message.ok ? 'ok-text settings-saved' : 'error-text'} data-testid="settings-message">
                {message.text}
              </span>
            )}
          </div>
        </div>
      </form>
    </PinGate>
  );
}
