import {
  AWS_MAX_TAGS,
  MAX_REQUEST_TAGS,
  MAX_SECRET_BYTES,
  PROVENANCE_TAG_COUNT,
} from './limits';
import { ResourceKind } from './requests';
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
- **Exceptable** rules may be set aside for one request by a time-boxed exception that an
  approver granted, where the environment lists the rule under
  \`goldenPath.environments.<env>.exceptions.rules\` (see [exceptions.md](exceptions.md)). Rules that
  protect against exposure (public access, encryption, secrets, ownership, names, provenance) and
  the budgets are never exceptable: listing one stops the backend at start-up.

How values are judged (\`GP-REQUEST-SHAPE\` unless a rule below is named):

- **Unknown fields and wrong types** are refused, never ignored. A field given as \`null\` is
  refused by name; only an *omitted* field takes the profile's default.
- **Numbers** must be finite (no NaN, Infinity or numeric strings), 0 or more, whole where AWS
  or GitHub wants whole numbers, and within the provider's own limits (storage up to 65,536 GB,
  retention up to 35 days, up to 6 nodes, ports up to 65,535, up to 6 approvals); the rules then
  apply the profile's tighter bounds. A cost estimate is never negative: a request whose cost
  cannot be estimated (no price, or bad numbers) is refused by \`GP-BUDGET-PER-REQUEST\`.
- **Engine versions** (\`GP-RDS-ENGINE-VERSION\`, \`GP-EC-ENGINE-VERSION\`): a version is digits
  separated by dots (1 to 4 groups), nothing else. For RDS each entry of \`rds.engines\` is a
  version prefix, normally the major: under \`17\` a request may name \`17\` or \`17.2\` (not
  \`170\`, \`17.2-rds.1\` or \`16.999-evil\`); under MySQL's \`8.0\` it may name \`8.0.39\` but not
  \`8.4.1\`. For ElastiCache the version must equal an entry of \`elasticache.engines\`. An omitted
  version is the newest entry, and the version sent to AWS is exactly the judged one.
- **Tags** (\`GP-AWS-TAGS-VALID\`): keys of 1-128 and values of 0-256 letters, digits, spaces and
  \`_ . : / = + - @\`; no \`aws:\` prefix (AWS's) or \`golden-path:\` prefix (set by Golden Path);
  at most ${MAX_REQUEST_TAGS} per request, so the ${PROVENANCE_TAG_COUNT} provenance tags keep a resource within AWS's ${AWS_MAX_TAGS}.
- **Secret values** (\`GP-GH-SECRET-SIZE\`): 1 to ${MAX_SECRET_BYTES} bytes (\`MAX_SECRET_BYTES\`). GitHub allows
  48 KB, but the scaffolder redacts every task secret from its logs with one regular expression
  and V8 refuses a single atom of 32,768 UTF-16 units or more; escaping can double a value, so
  8 KiB keeps a safe margin.
- Names a requester chooses (engines, classes, regions, environments, teams) are looked up in
  the policy by own keys only, so \`constructor\` or \`__proto__\` is just an unknown name.

This file is generated from the rule catalogue: run \`npm run docs:guardrails\` in
\`plugins/golden-path-common\` after changing a rule (a test fails while it is out of date).
`;

const cell = (s: string) => s.replace(/\|/g, '\\|');

/** The rule catalogue as Markdown (docs/guardrails.md). @public */
export function renderGuardrailsMarkdown(): string {
  const rules = describeRules();
  const index = rules
    .map(
      r =>
        `| [\`${r.id}\`](#${r.id.toLowerCase()}) | ${cell(r.title)} | ${
          r.kinds === 'all' ? 'all' : r.kinds.join(', ')
        } | ${r.severity} | ${r.relaxable ? 'yes' : 'no'} | ${
          r.approvable ? 'yes' : 'no'
        } |`,
    )
    .join('\n');
  const details = rules
    .map(r =>
      [
        `### ${r.id}`,
        '',
        `**${cell(r.title)}** — severity ${r.severity}; applies to ${
          r.kinds === 'all' ? 'every request' : r.kinds.join(', ')
        }; ${
          r.relaxable
            ? 'relaxable per environment (with a recorded reason)'
            : 'cannot be relaxed'
        }; ${
          r.approvable
            ? 'exceptable with an approved exception where the environment allows it'
            : 'never exceptable'
        }.`,
        '',
        `- Why: ${r.rationale}`,
        `- Controls: ${r.controls.join('; ')}`,
        `- Fix shown to the developer: ${r.fix}`,
      ].join('\n'),
    )
    .join('\n\n');
  return `${HEADER}\n## Rules\n\n| id | title | kinds | severity | relaxable | exceptable |\n|---|---|---|---|---|---|\n${index}\n\n${details}\n`;
}

/** Where an action page's generated rule table starts and ends. @public */
export const ACTION_RULES_MARKERS = [
  '<!-- guardrails:start (generated from the rule catalogue) -->',
  '<!-- guardrails:end -->',
] as const;

/**
 * The rules that judge a kind's requests, as the table an action page carries between
 * {@link ACTION_RULES_MARKERS} (docs/actions/*.md): its own rules and the common ones.
 * @public
 */
export function renderKindRulesMarkdown(kind: ResourceKind): string {
  const rows = describeRules()
    .filter(r => r.kinds === 'all' || r.kinds.includes(kind))
    .map(
      r =>
        `| [\`${r.id}\`](../guardrails.md#${r.id.toLowerCase()}) | ${cell(
          r.title,
        )} | ${cell(r.controls.join('; '))} | ${r.relaxable ? 'yes' : 'no'} | ${
          r.approvable ? 'yes' : 'no'
        } |`,
    )
    .join('\n');
  return `${ACTION_RULES_MARKERS[0]}\n\n| rule | what it requires | controls | relaxable | exceptable |\n| --- | --- | --- | --- | --- |\n${rows}\n\n${ACTION_RULES_MARKERS[1]}`;
}
