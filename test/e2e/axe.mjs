// Accessibility checks with axe-core in the page under test: WCAG 2.1 A and AA only. A violation
// counts against us when one of its nodes is inside our components (a container we name); the rest
// belongs to Backstage or the app and is reported, not failed.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** Where our components render: the plugin's pages and the scaffolder form fields. */
export const OURS = {
  impact: ['[data-testid="gp-impact"]'],
  exceptions: ['[data-testid="gp-exceptions-page"]'],
  fields: ['[data-testid^="gp-field-"]', '[data-testid^="gp-cost-estimate"]'],
};

/** Runs axe on the whole page; each node says whether it lies inside one of `ours` (CSS selectors). */
export async function runAxe(page, ours) {
  if (!(await page.evaluate(() => typeof window.axe === 'object')))
    await page.addScriptTag({ content: AXE_SOURCE });
  // Colours are judged as they end up: a label still fading in (Material UI animates a field's
  // label as it fills) would be measured half-way.
  await page.addStyleTag({
    content:
      '*, *::before, *::after { transition: none !important; animation: none !important; }',
  });
  await page.evaluate(
    () => new Promise(resolve => requestAnimationFrame(() => resolve())),
  );
  return page.evaluate(
    async ({ tags, containers }) => {
      const result = await window.axe.run(document, {
        runOnly: { type: 'tag', values: tags },
        resultTypes: ['violations'],
        elementRef: true,
      });
      const inside = el => containers.some(s => el && el.closest(s));
      return result.violations.map(v => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        nodes: v.nodes.map(n => ({
          target: n.target.join(' '),
          html: n.html.slice(0, 160),
          summary: n.failureSummary,
          ours: inside(n.element),
        })),
      }));
    },
    { tags: WCAG_TAGS, containers: ours },
  );
}

/** Splits violations into ours and everyone else's (one line per node). */
export function splitViolations(violations) {
  const ours = [];
  const others = [];
  for (const v of violations)
    for (const n of v.nodes)
      (n.ours ? ours : others).push(
        `${v.id} (${v.impact}): ${v.help} — ${n.target} ${n.html} — ${(
          n.summary ?? ''
        )
          .split('\n')
          .slice(1)
          .join(' ')}`,
      );
  return { ours, others };
}

/**
 * Asserts no violation inside our containers (and that at least one of them is on the page, so a
 * check of the wrong page cannot pass); prints the others as information. `label` names the page
 * or form step in the output.
 */
export async function expectAccessible(page, label, ours) {
  const present = await page.evaluate(
    selectors => selectors.some(s => document.querySelector(s)),
    ours,
  );
  assert.ok(present, `${label}: none of ${ours.join(', ')} is on the page`);
  const { ours: mine, others } = splitViolations(await runAxe(page, ours));
  console.log(
    `axe ${label}: ${mine.length} violation node(s) in our components, ${others.length} elsewhere`,
  );
  for (const line of others) console.log(`  (not ours) ${line}`);
  assert.deepEqual(mine, [], `axe violations in our components on ${label}`);
}
