import { describeRules } from './rules/catalogue';

const HEADER = `# Guardrails

Every Golden Path action checks its request with the same evaluator
(\`@golden-path/plugin-golden-path-common\`) before any side effect, and so do
\`golden-path:guardrails:check\`, \`POST /api/golden-path/policy/evaluate\` and the policy-driven
form fields. A refused request gets every violation at once: rule id, the field, what is allowed
instead, and the fix below.

How policy works:

- Each request names an **environment** (a profile under \`goldenPath.environments\` in app-config).
  A profile starts from the baseline defaults and overrides what it needs (see [config.md](config.md)).
- Omitted fields take the profile's secure default; given fields are judged. What is judged is
  exactly what the action builds.
- **Relaxable** rules can be relaxed per profile only by listing them under
  \`goldenPath.environments.<env>.relax\` with a reason; the reason is reported with every request
  it applies to. A profile whose settings would weaken a non-relaxable rule (or a relaxable rule
  without a recorded reason) stops the backend at start-up with the problem spelled out.

This file is generated from the rule catalogue: run \`npm run docs:guardrails\` in
\`plugins/golden-path-common\` after changing a rule (a test fails while it is out of date).
`;

const cell = (s: string) => s.replace(/\|/g, '\\|');

/** The rule catalogue as Markdown (docs/guardrails.md). @public */
export function renderGuardrailsMarkdown(): string {
  const rules = describeRules();
  const index = rules
    .map(r => `| [\`${r.id}\`](#${r.id.toLowerCase()}) | ${cell(r.title)} | ${r.kinds === 'all' ? 'all' : r.kinds.join(', ')} | ${r.severity} | ${r.relaxable ? 'yes' : 'no'} |`)
    .join('\n');
  const details = rules
    .map(r =>
      [
        `### ${r.id}`,
        '',
        `**${cell(r.title)}** — severity ${r.severity}; applies to ${r.kinds === 'all' ? 'every request' : r.kinds.join(', ')}; ${r.relaxable ? 'relaxable per environment (with a recorded reason)' : 'cannot be relaxed'}.`,
        '',
        `- Why: ${r.rationale}`,
        `- Controls: ${r.controls.join('; ')}`,
        `- Fix shown to the developer: ${r.fix}`,
      ].join('\n'),
    )
    .join('\n\n');
  return `${HEADER}\n## Rules\n\n| id | title | kinds | severity | relaxable |\n|---|---|---|---|---|\n${index}\n\n${details}\n`;
}
