import { useTranslation } from 'react-i18next';
import { resultText, type ServiceCheck, type TestResult } from './connect-form';

function Row({ service, check }: { service: 'custobar' | 'benefits'; check: ServiceCheck }) {
  const { t } = useTranslation();
  const { key, values } = resultText(service, check);
  // "Not in use" for the optional benefits service is neither a pass nor a failure.
  const tone = check.ok ? 'ok' : check.code === 'not_configured' && service === 'benefits' ? 'neutral' : 'bad';
  return (
    <li className={`test-row test-${tone}`} data-testid={`test-${service}`} data-code={check.code}>
      <span aria-hidden="true">{tone === 'ok' ? '✓' : tone === 'bad' ? '✕' : '–'}</span>
      <span>
        <strong>{t(service === 'custobar' ? 'setup.custobar' : 'setup.benefits')}:</strong> {t(key, values)}
      </span>
    </li>
  );
}

/** The connection test's answer per service, in the manager's language (worded from the code). */
export function TestResults({ result }: { result: TestResult }) {
  const { t } = useTranslation();
  return (
    <section className="card test-results" aria-labelledby="setup-results">
      <h3 id="setup-results">{t('setup.results')}</h3>
      <ul className="test-list">
        <Row service="custobar" check={result.custobar} />
        {result.benefits && <Row service="benefits" check={result.benefits} />}
      </ul>
    </section>
  );
}
