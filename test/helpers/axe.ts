import fs from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const require = createRequire(import.meta.url);
const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
}

/**
 * Puts axe-core into the page. The app's CSP (script-src 'self') refuses an inline script, so
 * playwright's addScriptTag({ content }) adds a tag that never runs; evaluating the source through
 * the DevTools protocol is not subject to the page's CSP. Both are tried, in that order, and the
 * one that worked is returned (the a11y test asserts which, so a CSP change is noticed).
 */
export async function injectAxe(page: Page): Promise<'script-tag' | 'evaluate' | 'present'> {
  const present = () => page.evaluate<boolean>('typeof window.axe === "object" && typeof window.axe.run === "function"');
  if (await present()) return 'present';
  await page.addScriptTag({ content: AXE_SOURCE }).catch(() => undefined);
  if (await present()) return 'script-tag';
  await page.evaluate(AXE_SOURCE);
  if (!(await present())) throw new Error('axe-core could not be put into the page');
  return 'evaluate';
}

/** Runs axe on the whole page with its default rules (WCAG A/AA and best practices); returns the violations, compactly. */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  await injectAxe(page);
  // A string, run in the page: this project's Node type-check has no DOM library.
  return page.evaluate<AxeViolation[]>(`(async () => {
    const result = await window.axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(' ') + ': ' + (n.failureSummary || '')) }));
  })()`);
}
