/**
 * `${{ ... }}` expressions in template strings, and the references in them (`parameters.x`,
 * `steps.id.output.y`, `secrets.z`). Good enough for a linter: nunjucks is not evaluated.
 */

const EXPRESSION = /\$\{\{([\s\S]*?)\}\}/g;
const WHOLE = /^\s*\$\{\{([\s\S]*?)\}\}\s*$/;
const REFERENCE =
  /(?<![\w.$'"])(parameters|steps|secrets)((?:\.[A-Za-z_$][\w$-]*|\[\s*['"][^'"]+['"]\s*\])+)/g;

export interface Reference {
  root: 'parameters' | 'steps' | 'secrets';
  /** Path segments after the root, e.g. `['db', 'output', 'endpoint']`. */
  segments: string[];
  text: string;
}

export function expressionsIn(text: string): string[] {
  return [...text.matchAll(EXPRESSION)].map(m => m[1]);
}

/** The expression when the whole string is one `${{ ... }}` (its value keeps its type). */
export function wholeExpression(text: unknown): string | undefined {
  return typeof text === 'string' ? WHOLE.exec(text)?.[1]?.trim() : undefined;
}

export function referencesIn(expression: string): Reference[] {
  // String literals inside the expression are not references.
  const code = expression.replace(
    /(?<!\[\s*)('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")/g,
    "''",
  );
  return [...code.matchAll(REFERENCE)].map(m => ({
    root: m[1] as Reference['root'],
    segments: [
      ...m[2].matchAll(/\.([A-Za-z_$][\w$-]*)|\[\s*['"]([^'"]+)['"]\s*\]/g),
    ].map(s => s[1] ?? s[2]),
    text: m[0],
  }));
}

/** `parameters.x.y` as the one thing an expression is (no filters, no operators), else undefined. */
export function plainReference(text: unknown): Reference | undefined {
  const expression = wholeExpression(text);
  if (expression === undefined) return undefined;
  const refs = referencesIn(expression);
  return refs.length === 1 && refs[0].text === expression ? refs[0] : undefined;
}

/** Every string under `value`, with its path. */
export function* stringsIn(
  value: unknown,
  path: Array<string | number> = [],
): Generator<{ path: Array<string | number>; text: string }> {
  if (typeof value === 'string') yield { path, text: value };
  else if (Array.isArray(value))
    for (const [i, v] of value.entries()) yield* stringsIn(v, [...path, i]);
  else if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value))
      yield* stringsIn(v, [...path, k]);
}

/** Every reference in every string under `value`, with the path of the string. */
export function* referencesUnder(
  value: unknown,
  path: Array<string | number> = [],
) {
  for (const s of stringsIn(value, path)) {
    for (const expression of expressionsIn(s.text))
      for (const ref of referencesIn(expression))
        yield { ...ref, path: s.path, string: s.text };
  }
}
