import type { PolicyResponse } from '@golden-path/plugin-golden-path-common/client';
import { Backstage, fromClientError } from '../lib/backstage';
import { EXIT, HttpError } from '../lib/errors';
import {
  choicesOf,
  COST_ESTIMATE,
  ENVIRONMENT_PICKER,
  fieldsOf,
  FormField,
  offeredEnvironments,
  POLICY_PICKER,
  PricedChoices,
  secretEnvName,
} from '../lib/form';
import {
  colours,
  Io,
  isInteractive,
  printJson,
  table,
  writeLine,
} from '../lib/output';
import { openSession } from '../lib/session';
import {
  fetchParameterSchema,
  fetchTemplate,
  listTemplates,
  parseTemplateName,
} from '../lib/templates';

const REPLACES = 'golden-path.io/replaces-ticket';

export async function templates(
  io: Io,
  opts: { url?: string; all?: boolean; json?: boolean },
): Promise<number> {
  const { api } = await openSession({ url: opts.url });
  const items = await listTemplates(api, !!opts.all);
  if (opts.json) {
    printJson(
      io,
      items.map(t => ({
        ref: `template:${t.metadata.namespace ?? 'default'}/${t.metadata.name}`,
        name: t.metadata.name,
        title: t.metadata.title,
        description: t.metadata.description,
        tags: t.metadata.tags ?? [],
        replacesTicket: t.metadata.annotations?.[REPLACES],
      })),
    );
    return EXIT.done;
  }
  if (!items.length) {
    writeLine(
      io.out,
      opts.all
        ? 'No templates in the catalog.'
        : 'No Golden Paths (templates tagged golden-path) in the catalog; --all lists every template.',
    );
    return EXIT.done;
  }
  const rows = [
    ['NAME', 'TITLE', 'REPLACES TICKET'],
    ...items.map(t => [
      t.metadata.namespace && t.metadata.namespace !== 'default'
        ? `${t.metadata.namespace}/${t.metadata.name}`
        : t.metadata.name,
      t.metadata.title ?? '',
      t.metadata.annotations?.[REPLACES] ?? '',
    ]),
  ];
  const c = colours(isInteractive(io.out));
  table(rows).forEach((line, i) => writeLine(io.out, i ? line : c.bold(line)));
  writeLine(
    io.out,
    c.dim(
      `\n${items.length} template(s). golden-path describe <name> shows a template's fields.`,
    ),
  );
  return EXIT.done;
}

/** The golden-path policy, or undefined when the backend has no golden-path plugin. */
export async function policyOf(
  api: Backstage,
): Promise<PolicyResponse | undefined> {
  try {
    return await api.goldenPath().getPolicy();
  } catch (e) {
    const err = fromClientError(e);
    if (err instanceof HttpError && err.status === 404) return undefined;
    throw err;
  }
}

/** What a field offers, for people and for --json. */
interface FieldDescription {
  name: string;
  page: string;
  type?: string;
  title?: string;
  description?: string;
  required: boolean;
  when?: string;
  default?: unknown;
  enum?: unknown[];
  pattern?: string;
  minimum?: number;
  maximum?: number;
  uiField?: string;
  secret?: { environmentVariable: string };
  /** Filled from the policy by the form and by `run`. */
  policy?: {
    choice?: string;
    environments?: Array<{ name: string; description?: string }>;
    choices?: Record<string, PricedChoices>;
    computed?: string;
  };
  /** For group pickers: the signed-in user's groups. */
  yourGroups?: string[];
}

function describeField(
  f: FormField,
  policy: PolicyResponse | undefined,
  onlyEnvironment: string | undefined,
  groups: string[] | undefined,
): FieldDescription {
  const s = f.schema;
  const d: FieldDescription = {
    name: f.name,
    page: f.page,
    type: Array.isArray(s.type) ? s.type.join('|') : s.type,
    title: s.title,
    description: s.description,
    required: f.required,
    ...(f.conditional && { when: f.conditional }),
    ...(s.default !== undefined && { default: s.default }),
    ...(Array.isArray(s.enum) && { enum: s.enum }),
    ...(s.pattern && { pattern: s.pattern }),
    ...(typeof s.minimum === 'number' && { minimum: s.minimum }),
    ...(typeof s.maximum === 'number' && { maximum: s.maximum }),
    ...(f.uiField && { uiField: f.uiField }),
  };
  if (f.secret) d.secret = { environmentVariable: secretEnvName(f.name) };
  if (f.uiField === ENVIRONMENT_PICKER && policy)
    d.policy = {
      environments: offeredEnvironments(f, policy).map(name => ({
        name,
        description: policy.environments[name]?.description,
      })),
    };
  if (f.uiField === POLICY_PICKER && policy && f.uiOptions?.policy) {
    const key = String(f.uiOptions.policy);
    const choices: Record<string, PricedChoices> = {};
    for (const env of Object.keys(policy.environments)) {
      if (onlyEnvironment && env !== onlyEnvironment) continue;
      const c = choicesOf(policy, env, key);
      if (c) choices[env] = c;
    }
    d.policy = { choice: key, choices };
  }
  if (f.uiField === COST_ESTIMATE)
    d.policy = {
      computed:
        'the monthly estimate of everything the run creates, from the golden-path policy (POST /api/golden-path/policy/evaluate); a refusal stops the run before it starts',
    };
  if (/GroupsPicker|OwnerPicker/.test(f.uiField ?? '') && groups?.length)
    d.yourGroups = groups;
  return d;
}

/** The groups the signed-in user is a member of, per the catalog (what MyGroupsPicker offers). */
async function groupsOf(api: Backstage, user: string | undefined) {
  if (!user) return undefined;
  try {
    const q = new URLSearchParams({
      filter: `kind=group,relations.hasMember=${user}`,
      fields: 'metadata.name,metadata.namespace,kind',
    });
    const page = await api.json<{ items: any[] }>(
      `/api/catalog/entities/by-query?${q}`,
    );
    return page.items
      .map(e =>
        `group:${e.metadata.namespace ?? 'default'}/${
          e.metadata.name
        }`.toLowerCase(),
      )
      .sort();
  } catch {
    return undefined;
  }
}

function formatChoices(c: PricedChoices, currency: string | undefined): string {
  if (c.choices.type === 'range')
    return `${c.choices.min}–${c.choices.max} (default ${c.choices.default})`;
  const { values, default: dflt } = c.choices;
  return values
    .map(v => {
      const notes = [
        v === dflt ? 'default' : '',
        c.prices?.[v] !== undefined
          ? `${currency ?? ''} ${c.prices[v].toFixed(2)}/month`.trim()
          : '',
      ].filter(Boolean);
      return notes.length ? `${v} (${notes.join(', ')})` : v;
    })
    .join(', ');
}

export async function describe(
  io: Io,
  name: string,
  opts: { url?: string; environment?: string; json?: boolean },
): Promise<number> {
  const session = await openSession({ url: opts.url });
  const { api } = session;
  const t = parseTemplateName(name);
  const entity = await fetchTemplate(api, t);
  const pages = await fetchParameterSchema(api, t);
  const fields = fieldsOf(pages, entity.spec.secrets?.schema);
  const usesPolicy = fields.some(f =>
    [ENVIRONMENT_PICKER, POLICY_PICKER, COST_ESTIMATE].includes(
      f.uiField ?? '',
    ),
  );
  const policy = usesPolicy ? await policyOf(api) : undefined;
  const groups = await groupsOf(api, session.user);
  const described = fields.map(f =>
    describeField(f, policy, opts.environment, groups),
  );
  const annotations = entity.metadata.annotations ?? {};
  const steps = (entity.spec.steps ?? []).map((s, i) => ({
    id: s.id ?? `step-${i + 1}`,
    name: s.name ?? s.action,
    action: s.action,
  }));
  if (opts.json) {
    printJson(io, {
      ref: t.ref,
      title: entity.metadata.title,
      description: entity.metadata.description,
      tags: entity.metadata.tags ?? [],
      ticket: {
        replaces: annotations[REPLACES],
        queueTime: annotations['golden-path.io/ticket-queue-time'],
        opsEffort: annotations['golden-path.io/ticket-ops-effort'],
      },
      mode: policy?.mode,
      steps,
      fields: described,
    });
    return EXIT.done;
  }
  const c = colours(isInteractive(io.out));
  const out = (line = '') => writeLine(io.out, line);
  out(c.bold(`${entity.metadata.title ?? t.name}  (${t.ref})`));
  if (entity.metadata.description) out(entity.metadata.description.trim());
  if (annotations[REPLACES])
    out(
      c.dim(
        `Replaces the ticket "${annotations[REPLACES]}"${
          annotations['golden-path.io/ticket-queue-time']
            ? ` (queue ${annotations['golden-path.io/ticket-queue-time']}`
            : ' ('
        }${
          annotations['golden-path.io/ticket-ops-effort']
            ? `, ops effort ${annotations['golden-path.io/ticket-ops-effort']})`
            : ')'
        }`,
      ),
    );
  if (policy) out(c.dim(`Mode on this backend: ${policy.mode}`));
  out(`Steps: ${steps.map(s => `${s.name} [${s.action}]`).join(' → ')}`);
  let page = '';
  for (const d of described) {
    if (d.page !== page) {
      page = d.page;
      out();
      out(c.bold(page));
    }
    const flags = [
      d.required ? 'required' : '',
      d.secret ? 'secret' : '',
    ].filter(Boolean);
    out(
      `  ${c.cyan(d.name)}${flags.length ? ` (${flags.join(', ')})` : ''}  ${
        d.type ?? ''
      }${d.title ? `  ${d.title}` : ''}`,
    );
    const detail = (line: string) => out(`      ${line}`);
    if (d.description) detail(d.description.trim());
    if (d.when) detail(`only ${d.when}`);
    if (d.enum) detail(`one of: ${d.enum.join(', ')}`);
    if (d.pattern) detail(`pattern: ${d.pattern}`);
    if (d.minimum !== undefined || d.maximum !== undefined)
      detail(`range: ${d.minimum ?? '…'}–${d.maximum ?? '…'}`);
    if (d.default !== undefined && !d.policy?.environments)
      detail(`default: ${JSON.stringify(d.default)}`);
    if (d.policy?.environments)
      detail(
        `environments (policy): ${d.policy.environments
          .map(e => `${e.name}${e.name === d.default ? ' (default)' : ''}`)
          .join(', ')}`,
      );
    if (d.policy?.choice) {
      detail(`choices from the policy (${d.policy.choice}), per environment:`);
      for (const [env, ch] of Object.entries(d.policy.choices ?? {}))
        detail(`  ${env}: ${formatChoices(ch, policy?.budget.currency)}`);
      detail('left out: the environment’s default');
    }
    if (d.policy?.computed) detail(`computed: ${d.policy.computed}`);
    if (d.secret)
      detail(
        `from ${d.secret.environmentVariable}, else asked without echo; never --set or -f`,
      );
    if (d.yourGroups) detail(`your groups: ${d.yourGroups.join(', ')}`);
  }
  const required = described.filter(
    d => d.required && !d.secret && d.default === undefined && !d.policy,
  );
  out();
  out(
    c.dim(
      `Run it: golden-path run ${t.name}${required
        .map(d => ` --set ${d.name}=…`)
        .join('')}   (add --dry-run to plan without a task)`,
    ),
  );
  return EXIT.done;
}
