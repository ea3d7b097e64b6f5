/**
 * The cost estimate's `ui:options.requests` are written like the guardrails step's requests
 * (`${{ parameters.x }}` references and an optional `if`), so a template can copy one into the
 * other. Only plain `parameters.<path>` references are filled in here; anything else is left out.
 */

const WHOLE = /^\s*\$\{\{\s*parameters\.([A-Za-z0-9_.]+)\s*\}\}\s*$/;
const PART = /\$\{\{\s*parameters\.([A-Za-z0-9_.]+)\s*\}\}/g;
const ANY_EXPRESSION = /\$\{\{/;

/** A JSON value. @public */
export type RequestJson =
  | null
  | boolean
  | number
  | string
  | RequestJson[]
  | { [key: string]: RequestJson };

function lookup(parameters: Record<string, unknown>, path: string): unknown {
  return path
    .split('.')
    .reduce<unknown>(
      (value, key) =>
        value && typeof value === 'object'
          ? (value as Record<string, unknown>)[key]
          : undefined,
      parameters,
    );
}

/** A value with its references filled; `undefined` when a reference is empty or not supported. */
function fill(value: unknown, parameters: Record<string, unknown>): unknown {
  if (typeof value === 'string') {
    const whole = WHOLE.exec(value);
    if (whole) return lookup(parameters, whole[1]);
    let missing = false;
    const text = value.replace(PART, (_m, path: string) => {
      const v = lookup(parameters, path);
      if (v === undefined || v === null || v === '') missing = true;
      return String(v ?? '');
    });
    return missing || ANY_EXPRESSION.test(text) ? undefined : text;
  }
  if (Array.isArray(value))
    return value.map(v => fill(v, parameters)).filter(v => v !== undefined);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) {
      const filled = fill(v, parameters);
      if (filled !== undefined) out[key] = filled;
    }
    return out;
  }
  return value;
}

/** Falsy the way a step's `if:` is. */
const isTruthy = (value: unknown) => value !== 'false' && !!value;

/**
 * The requests a cost estimate would send now (the form field and the CLI alike): references
 * filled, requests whose `if` is false left out.
 * @public
 */
export function fillRequests(
  templates: unknown,
  parameters: Record<string, unknown>,
): Array<Record<string, RequestJson>> {
  if (!Array.isArray(templates)) return [];
  const requests: Array<Record<string, RequestJson>> = [];
  for (const template of templates) {
    if (!template || typeof template !== 'object') continue;
    const { if: condition, ...rest } = template as Record<string, unknown>;
    if ('if' in (template as object) && !isTruthy(fill(condition, parameters)))
      continue;
    requests.push(fill(rest, parameters) as Record<string, RequestJson>);
  }
  return requests;
}

/**
 * Whether every request has what the guardrails need to judge it (the form may be half filled).
 * @public
 */
export function isComplete(requests: Array<Record<string, unknown>>): boolean {
  return (
    requests.length > 0 &&
    requests.every(r =>
      ['kind', 'name', 'environment', 'owner'].every(
        k => typeof r[k] === 'string' && (r[k] as string) !== '',
      ),
    )
  );
}
