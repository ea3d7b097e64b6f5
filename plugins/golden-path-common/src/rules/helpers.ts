import { ownList } from '../own';
import { versionAllowed } from '../versions';
import { Finding } from './types';

/** Finding for a boolean baseline flag that must not be switched off (or on). */
export function mustBe(
  field: string,
  actual: unknown,
  expected: boolean,
  what: string,
): Finding[] {
  return actual === undefined || actual === expected
    ? []
    : [
        {
          field,
          message: `${what} must be ${expected ? 'on' : 'off'}`,
          allowed: [expected],
        },
      ];
}

/** Finding for a value outside an allow-list. */
export function oneOf<T extends string | number>(
  field: string,
  actual: T | undefined,
  allowed: readonly T[],
  what: string,
): Finding[] {
  if (actual === undefined || allowed.includes(actual)) return [];
  return [
    {
      field,
      message: `${what} "${String(actual)}" is not allowed in this environment`,
      allowed: [...allowed],
    },
  ];
}

/** Finding for a number outside [min, max] or not an integer. */
export function integerBetween(
  field: string,
  actual: number | undefined,
  min: number,
  max: number,
  what: string,
): Finding[] {
  if (actual === undefined) return [];
  if (!Number.isInteger(actual) || actual < min || actual > max) {
    return [
      {
        field,
        message: `${what} must be a whole number from ${min} to ${max} (got ${actual})`,
      },
    ];
  }
  return [];
}

/** Short, printable rendering of an untrusted value for a message (never a secret). */
export function shown(value: unknown): string {
  let text: string | undefined;
  try {
    text = typeof value === 'string' ? value : JSON.stringify(value);
  } catch {
    text = '(unprintable)';
  }
  const safe = String(text).replace(/[^\x20-\x7e]/g, '?');
  return safe.length > 80 ? `${safe.slice(0, 77)}...` : safe;
}

/** Entity-ref group names compared by their normalised form (`group:default/x`). @public */
export function normaliseGroupRef(ref: string): string {
  const lower = ref.trim().toLowerCase();
  const withKind = lower.includes(':') ? lower : `group:${lower}`;
  const [kind, rest] = withKind.split(':', 2);
  return rest.includes('/') ? `${kind}:${rest}` : `${kind}:default/${rest}`;
}

/**
 * The engine is one the policy lists, and the version one its allow-list admits: `exact`, or
 * `prefix` for a dotted refinement of a listed version. Prototype-safe on both lookups.
 */
export function engineVersionFindings(
  engine: string | undefined,
  version: string | undefined,
  engines: Readonly<Record<string, readonly string[]>>,
  match: 'exact' | 'prefix',
): Finding[] {
  const findings = oneOf('engine', engine, Object.keys(engines), 'engine');
  if (findings.length) return findings;
  const allowed = ownList(engines, engine ?? '');
  if (typeof version !== 'string' || !versionAllowed(version, allowed, match)) {
    findings.push({
      field: 'engineVersion',
      message: `${shown(engine)} ${shown(
        version ?? '(none)',
      )} is not an allowed version`,
      allowed: [...allowed],
    });
  }
  return findings;
}
