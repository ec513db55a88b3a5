import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SecretName, SettingsView as SettingsViewModel } from '../../../preload/contract';
import { call, ContractError } from '../bridge';
import { Field, type FieldLock } from '../components/Field';
import { PinGate } from '../components/PinGate';
import { PairingPanel } from './settings/PairingPanel';
import { useApp } from '../state/app-store';
import { draftFrom, lockOf, patchFrom, problemsOf, problemText, sections, type Draft, type FieldDef } from './settings-fields';

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
      setMessage((error as Error).message);
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
  // own answer, which would otherwise put "Saved" into a form that is already gone.
  const [message, setMessage] = useState<SaveMessage>(null);
  if (!settings) return <p className="muted">…</p>;
  // Remount the form when the stored settings change, so the draft starts from what was saved.
  return <SettingsForm key={JSON.stringify(settings.settings)} settings={settings} message={message} setMessage={setMessage} />;
}

function SettingsForm({ settings, message, setMessage }: { settings: SettingsViewModel; message: SaveMessage; setMessage: (m: SaveMessage) => void }) {
  const { t, i18n } = useTranslation();
  const pin = useApp((s) => s.pin);
  const original = draftFrom(settings.settings);
  const [draft, setDraft] = useState<Draft>(original);
  const [problems, setProblems] = useState<Record<string, string>>({});
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

  const save = async (e: React.FormEvent): Promise<void> => {
    e.preventDefault();
    try {
      await call('settings.update', { patch: patchFrom(draft, original), pin: pin() });
      setProblems({});
      setMessage({ ok: true, text: t('settings.saved') });
    } catch (error) {
      // Refused fields get their reason at the field, in the manager's language where it has words.
      const defs = new Map(sections.flatMap((s) => s.fields).map((f) => [f.path, f]));
      const all = problemsOf(error instanceof ContractError ? error.details : undefined);
      const shown = all.filter((p) => defs.has(p.path));
      const byPath = Object.fromEntries(shown.map((p) => [p.path, problemText(defs.get(p.path), p, t, (key) => i18n.exists(key))]));
      setProblems(byPath);
      setMessage({ ok: false, text: shown.length > 0 && shown.length === all.length ? t('settings.fixFields') : (error as Error).message });
      if (shown[0]) document.getElementById(`setting-${shown[0].path}`)?.focus();
    }
  };

  return (
    <PinGate>
      <form ref={formRef} className="stack" onSubmit={(e) => void save(e)}>
        {sections.map((section) => (
          <fieldset key={section.title} className="card">
            <legend>{t(section.title)}</legend>
            {section.fields.filter((def) => def.when?.(draft) ?? true).map((def) => (
              <Input
                key={def.path}
                def={def}
                value={draft[def.path] ?? ''}
                lock={lockOf(settings, def.path)}
                problem={problems[def.path]}
                onChange={(v) => setDraft({ ...draft, [def.path]: v })}
              />
            ))}
          </fieldset>
        ))}
        <PairingPanel />
        <fieldset className="card">
          <legend>{t('settings.token')}</legend>
          <SecretRow name="custobarToken" label="settings.token" />
          <SecretRow name="benefitsToken" label="settings.benefitsToken" />
          <SecretRow name="ingestToken" label="settings.ingestToken" />
          <SecretRow name="solteqClientSecret" label="settings.solteqSecret" />
          <SecretRow name="permissionsSecret" label="settings.permissionsSecret" />
        </fieldset>
        <div className="row sticky-actions">
          <button type="submit" className="primary">
            {t('settings.save')}
          </button>
          {message && (
            <span role="status" className={message.ok ? 'ok-text' : 'error-text'}>
              {message.text}
            </span>
          )}
        </div>
      </form>
    </PinGate>
  );
}
