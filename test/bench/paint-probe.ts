/**
 * In the page: `window[<name>]` becomes the time the expected card's `<testid>` element is on screen
 * (after the next paint) and `ready(element)` holds. Set `window.__expect` to the card id first.
 */
export function paintProbe(name: string, testId: string, ready: string): string {
  return `
  window.${name} = null;
  window.__expect = null;
  new MutationObserver(() => {
    if (!window.__expect || window.${name}) return;
    const card = document.querySelector('[data-testid="scan-card-id"]');
    const el = document.querySelector('[data-testid="${testId}"]');
    if (card && el && card.textContent === window.__expect && (${ready})(el)) {
      const expected = window.__expect;
      requestAnimationFrame(() => setTimeout(() => { if (window.__expect === expected) window.${name} = performance.timeOrigin + performance.now(); }, 0));
    }
  }).observe(document.body, { subtree: true, childList: true, characterData: true });
`;
}
