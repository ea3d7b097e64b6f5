import { RequestFieldType, RequestNumberType } from './kinds/fields';
import { findKindDefinition, RESOURCE_KINDS } from './kinds/registry';
import { Finding } from './rules/types';
import { hasOwn, isPlainObject } from './own';

/** Fields that are refused by a rule, not by the shape, so the message names the real reason. */
const RULE_JUDGED = new Set(['masterPassword']);

const MAX_STRING = 1024;
const MAX_LIST = 50;
const REQUIRED = ['kind', 'name', 'environment', 'owner'];

/** A key as it may appear in a message: printable, short. */
function label(key: string): string {
  return key.slice(0, 40).replace(/[^\x20-\x7e]/g, '?');
}

type Checked = { ok: true; value: unknown } | { ok: false };
const FAILED: Checked = { ok: false };

function checkNumber(
  path: string,
  value: unknown,
  t: RequestNumberType,
  out: Finding[],
): Checked {
  const whole = t.integer ? 'a whole number' : 'a number';
  const valid =
    typeof value === 'number' &&
    Number.isFinite(value) &&
    value >= t.min &&
    value <= t.max &&
    (!t.integer || Number.isInteger(value));
  if (valid) return { ok: true, value };
  const got = typeof value === 'number' ? String(value) : `a ${typeof value}`;
  out.push({
    field: path,
    message: `${path} must be ${whole} from ${t.min} to ${t.max} (got ${got})`,
  });
  return FAILED;
}

/** Checks one value; returns a clean copy (own, defined entries only) when it is well-formed. */
function checkValue(
  path: string,
  value: unknown,
  type: RequestFieldType,
  out: Finding[],
): Checked {
  const bad = (what: string): Checked => {
    out.push({ field: path, message: `${path} must be ${what}` });
    return FAILED;
  };
  if (value === null) {
    out.push({
      field: path,
      message: `${path} is null; omit it to get the default`,
    });
    return FAILED;
  }
  if (type === 'string') {
    if (typeof value !== 'string') return bad('a string');
    if (value.length > MAX_STRING)
      return bad(`at most ${MAX_STRING} characters`);
    // eslint-disable-next-line no-control-regex
    if (/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/.test(value)) {
      return bad('free of control characters');
    }
    return { ok: true, value };
  }
  if (type === 'boolean') {
    return typeof value === 'boolean'
      ? { ok: true, value }
      : bad('true or false');
  }
  if (type === 'strings') {
    if (!Array.isArray(value) || value.length > MAX_LIST) {
      return bad(`a list of at most ${MAX_LIST} strings`);
    }
    let ok = true;
    for (let i = 0; i < value.length; i++) {
      ok = checkValue(`${path}[${i}]`, value[i], 'string', out).ok && ok;
    }
    return ok ? { ok, value: [...value] } : FAILED;
  }
  if (type === 'tags') {
    if (!isPlainObject(value))
      return bad('an object of tag keys to string values');
    let ok = true;
    for (const [k, v] of Object.entries(value)) {
      ok = checkValue(`${path}.${label(k)}`, v, 'string', out).ok && ok;
    }
    return ok
      ? { ok, value: Object.fromEntries(Object.entries(value)) }
      : FAILED;
  }
  if ('number' in type) return checkNumber(path, value, type.number, out);
  if (!isPlainObject(value)) return bad('an object');
  return checkObject(path, value, type.object, out);
}

function checkObject(
  path: string,
  value: Record<string, unknown>,
  fields: Record<string, RequestFieldType>,
  out: Finding[],
): Checked {
  let ok = true;
  const copy: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    const where = `${path}.${label(k)}`;
    if (!hasOwn(fields, k)) {
      out.push({ field: where, message: `${where} is not a known setting` });
      ok = false;
    } else if (v !== undefined) {
      const checked = checkValue(where, v, fields[k], out);
      if (checked.ok) copy[k] = checked.value;
      else ok = false;
    }
  }
  return ok ? { ok, value: copy } : FAILED;
}

/**
 * Checks the structure of an untrusted request. Returns the findings and a copy holding only
 * well-formed known fields (malformed ones are dropped, so the policy default applies and the
 * shape finding still refuses the request). A field given as `null` is a finding, never a default.
 */
export function checkShape(input: unknown): {
  findings: Finding[];
  clean?: Record<string, unknown>;
} {
  if (!isPlainObject(input)) {
    return {
      findings: [{ field: '', message: 'each request must be an object' }],
    };
  }
  const kind = hasOwn(input, 'kind') ? input.kind : undefined;
  // Each kind's fields and their bounds live in its folder (kinds/<kind>/request.ts).
  const definition = findKindDefinition(kind);
  if (!definition) {
    return {
      findings: [
        {
          field: 'kind',
          message: `kind must be one of ${RESOURCE_KINDS.join(', ')}`,
          allowed: [...RESOURCE_KINDS],
        },
      ],
    };
  }
  const fields = definition.fields;
  const findings: Finding[] = [];
  const clean: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(input)) {
    if (RULE_JUDGED.has(key)) {
      clean[key] = value;
    } else if (!hasOwn(fields, key)) {
      const name = label(key);
      findings.push({
        field: name,
        message: `${name} is not a setting of a ${definition.kind} request`,
      });
    } else if (value !== undefined) {
      const checked = checkValue(key, value, fields[key], findings);
      if (checked.ok) clean[key] = checked.value;
    }
  }
  for (const key of REQUIRED) {
    const value = clean[key];
    if (typeof value !== 'string' || !value.trim()) {
      if (!findings.some(f => f.field === key)) {
        findings.push({ field: key, message: `${key} is required` });
      }
      clean[key] = '';
    }
  }
  return { findings, clean };
}
