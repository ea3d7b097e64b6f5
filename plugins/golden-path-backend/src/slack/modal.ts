import { Entity } from '@backstage/catalog-model';
import { Field, ModalContext, Option, truncate } from './fields';
import { SlackBlock, SlackView } from './SlackClient';

/**
 * The Slack modal of a template, and its submission back as the template's values. One list of
 * {@link Field}s (fields.ts) drives both directions, so what the modal offers is exactly what its
 * submission is read and checked against.
 */

export const MODAL_CALLBACK_ID = 'golden-path-run';
export const ACTION_ID = 'value';
const BLOCK_PREFIX = 'gp:';

/** Data the modal carries back to the submission (Slack returns it inside the signed payload). */
export interface ModalMetadata {
  /** Template ref. */
  t: string;
  /** Environment the choices were read for. */
  e: string;
  /** The slash command's response_url. */
  r?: string;
}

const text = (value: string, max = 75) => ({
  type: 'plain_text' as const,
  text: truncate(value, max),
});
const option = (o: Option) => ({
  text: text(o.label),
  value: truncate(o.value, 150),
});

function element(field: Field): Record<string, unknown> {
  switch (field.kind) {
    case 'text':
      return {
        type: 'plain_text_input',
        action_id: ACTION_ID,
        ...(field.initial && { initial_value: field.initial }),
        ...(field.maxLength && { max_length: Math.min(field.maxLength, 3000) }),
      };
    case 'select': {
      const options = field.options.slice(0, 100).map(option);
      const initial = options.find(o => o.value === field.initial);
      return {
        type: 'static_select',
        action_id: ACTION_ID,
        options,
        ...(initial && { initial_option: initial }),
      };
    }
    case 'multiselect': {
      const options = field.options.slice(0, 100).map(option);
      const initial = options.filter(o => field.initial?.includes(o.value));
      return {
        type: 'multi_static_select',
        action_id: ACTION_ID,
        options,
        ...(initial.length && { initial_options: initial }),
      };
    }
    case 'number':
      return {
        type: 'number_input',
        action_id: ACTION_ID,
        is_decimal_allowed: !field.integer,
        ...(field.initial !== undefined && {
          initial_value: String(field.initial),
        }),
        ...(field.min !== undefined && { min_value: String(field.min) }),
        ...(field.max !== undefined && { max_value: String(field.max) }),
      };
    case 'boolean': {
      const yes = { text: text(field.label), value: 'true' };
      return {
        type: 'checkboxes',
        action_id: ACTION_ID,
        options: [yes],
        ...(field.initial && { initial_options: [yes] }),
      };
    }
    default:
      throw new Error('unknown field');
  }
}

/**
 * The block id of a parameter's input. A policy choice's names its environment: Slack keeps what
 * was entered in a block across views.update when the block id stays, so another environment's
 * choices get new blocks (their defaults) while every other input keeps its value.
 */
export const blockId = (field: Pick<Field, 'name'> & { policy?: string }) =>
  `${BLOCK_PREFIX}${field.name}${field.policy ? `@${field.policy}` : ''}`;

/** The modal of a template: one input block per parameter, the environment's choices. */
export function buildModal(
  template: Entity,
  fields: Field[],
  ctx: ModalContext & { userRef: string; metadata: ModalMetadata },
): SlackView {
  const title = String(template.metadata.title ?? template.metadata.name);
  const blocks: SlackBlock[] = [
    {
      type: 'section',
      block_id: 'gp-about',
      text: text(
        truncate(
          `${title}${
            template.metadata.description
              ? `: ${template.metadata.description}`
              : ''
          }`,
          2900,
        ),
        3000,
      ),
    },
    {
      type: 'context',
      block_id: 'gp-context',
      elements: [
        text(
          `Runs as ${ctx.userRef}. Choices are the ${ctx.environment} policy's; the guardrails check the request again when it runs.`,
          2000,
        ),
      ],
    },
  ];
  for (const field of fields) {
    blocks.push({
      type: 'input',
      block_id: blockId(field),
      optional: field.optional,
      label: text(field.label, 2000),
      ...(field.hint && { hint: text(field.hint, 2000) }),
      ...(field.kind === 'select' &&
        field.environment && {
          dispatch_action: true,
        }),
      element: element(field),
    });
  }
  return {
    type: 'modal',
    callback_id: MODAL_CALLBACK_ID,
    title: text('Golden Path', 24),
    submit: text('Run', 24),
    close: text('Cancel', 24),
    private_metadata: JSON.stringify(ctx.metadata),
    blocks,
  };
}

/** `private_metadata` back from Slack (our own JSON), or undefined when it is not ours. */
export function readMetadata(value: unknown): ModalMetadata | undefined {
  if (typeof value !== 'string' || value.length > 3000) return undefined;
  try {
    const parsed = JSON.parse(value);
    if (
      typeof parsed?.t === 'string' &&
      typeof parsed?.e === 'string' &&
      (parsed.r === undefined || typeof parsed.r === 'string')
    ) {
      return { t: parsed.t, e: parsed.e, r: parsed.r };
    }
  } catch {
    // not ours
  }
  return undefined;
}

type StateValue = {
  type?: string;
  value?: string | null;
  selected_option?: { value?: string } | null;
  selected_options?: Array<{ value?: string }>;
};

/** The element state Slack sends for a parameter (`view.state.values[block][action]`). */
function stateOf(values: unknown, field: Field): StateValue | undefined {
  const block = (values as Record<string, Record<string, StateValue>>)?.[
    blockId(field)
  ];
  return block?.[ACTION_ID];
}

/** The environment chosen in the modal so far (for a block_actions change). */
export function chosenEnvironment(values: unknown, fields: Field[]) {
  const field = fields.find(f => f.kind === 'select' && f.environment);
  return field ? stateOf(values, field)?.selected_option?.value : undefined;
}

/**
 * The submission as template values, checked against the fields (required, pattern, allowed
 * options and ranges) so a mistake is shown on its input in the modal. The scaffolder validates
 * the values against the template again, and the guardrails judge the request when it runs.
 */
export function readSubmission(
  values: unknown,
  fields: Field[],
): { values: Record<string, unknown>; errors: Record<string, string> } {
  const out: Record<string, unknown> = {};
  const errors: Record<string, string> = {};
  for (const field of fields) {
    const state = stateOf(values, field);
    const fail = (message: string) => {
      errors[blockId(field)] = message;
    };
    switch (field.kind) {
      case 'boolean':
        out[field.name] = !!state?.selected_options?.some(
          o => o.value === 'true',
        );
        continue;
      case 'multiselect': {
        const chosen = (state?.selected_options ?? []).map(o => o.value);
        if (!chosen.every(v => field.options.some(o => o.value === v)))
          fail('Choose from the list.');
        else if (chosen.length) out[field.name] = chosen;
        else if (!field.optional) fail('Required.');
        continue;
      }
      case 'select': {
        const value = state?.selected_option?.value;
        if (value === undefined || value === null) {
          if (!field.optional) fail('Required.');
        } else if (!field.options.some(o => o.value === value)) {
          fail('Choose from the list.');
        } else out[field.name] = value;
        continue;
      }
      case 'number': {
        const raw = state?.value;
        if (raw === undefined || raw === null || raw === '') {
          if (!field.optional) fail('Required.');
          continue;
        }
        const n = Number(raw);
        if (!Number.isFinite(n)) fail('Enter a number.');
        else if (field.integer && !Number.isInteger(n))
          fail('Enter a whole number.');
        else if (field.min !== undefined && n < field.min)
          fail(`At least ${field.min}.`);
        else if (field.max !== undefined && n > field.max)
          fail(`At most ${field.max}.`);
        else out[field.name] = n;
        continue;
      }
      case 'text': {
        const value = state?.value?.trim();
        if (!value) {
          if (!field.optional) fail('Required.');
          continue;
        }
        if (field.maxLength !== undefined && value.length > field.maxLength)
          fail(`At most ${field.maxLength} characters.`);
        else if (field.pattern && !safeTest(field.pattern, value))
          fail(`Does not match ${truncate(field.pattern, 150)}.`);
        else out[field.name] = value;
        continue;
      }
      default:
        continue;
    }
  }
  return { values: out, errors };
}

/** A template's pattern (JSON Schema, ECMA regex); an invalid one is left to the scaffolder. */
function safeTest(pattern: string, value: string): boolean {
  try {
    return new RegExp(pattern, 'u').test(value);
  } catch {
    return true;
  }
}
