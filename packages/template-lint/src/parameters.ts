import { YamlPath } from './source';

/** One form field of the template, wherever it is declared (a step, or a branch of `dependencies`). */
export interface ParameterDef {
  name: string;
  schema: Record<string, any>;
  path: YamlPath;
  /** Values other fields must have for this declaration to apply (from `dependencies` branches). */
  conditions: Record<string, unknown[]>;
}

const isObject = (v: unknown): v is Record<string, any> =>
  !!v && typeof v === 'object' && !Array.isArray(v);

/** The values a `dependencies` branch pins a property to (`const` or `enum`). */
function pinned(schema: unknown): unknown[] | undefined {
  if (!isObject(schema)) return undefined;
  if ('const' in schema) return [schema.const];
  return Array.isArray(schema.enum) &&
    Object.keys(schema).every(k => k === 'enum' || k === 'type')
    ? schema.enum
    : undefined;
}

function walk(
  schema: Record<string, any>,
  path: YamlPath,
  conditions: Record<string, unknown[]>,
  out: ParameterDef[],
  selector?: string,
) {
  for (const [name, property] of Object.entries(
    isObject(schema.properties) ? schema.properties : {},
  )) {
    // In a dependencies branch, the selecting property is restated only to pin its value.
    if (name === selector && pinned(property)) continue;
    if (isObject(property))
      out.push({
        name,
        schema: property,
        path: [...path, 'properties', name],
        conditions,
      });
  }
  for (const [dependency, value] of Object.entries(
    isObject(schema.dependencies) ? schema.dependencies : {},
  )) {
    for (const combinator of ['oneOf', 'anyOf', 'allOf']) {
      const branches =
        isObject(value) && Array.isArray(value[combinator])
          ? value[combinator]
          : [];
      branches.forEach((branch: unknown, i: number) => {
        if (!isObject(branch)) return;
        const values = pinned(branch.properties?.[dependency]);
        walk(
          branch,
          [...path, 'dependencies', dependency, combinator, i],
          values ? { ...conditions, [dependency]: values } : conditions,
          out,
          dependency,
        );
      });
    }
  }
}

/** Every field of `spec.parameters` (a list of steps or one object). */
export function collectParameters(spec: any): ParameterDef[] {
  const out: ParameterDef[] = [];
  if (Array.isArray(spec?.parameters)) {
    spec.parameters.forEach(
      (step: unknown, i: number) =>
        isObject(step) && walk(step, ['spec', 'parameters', i], {}, out),
    );
  } else if (isObject(spec?.parameters)) {
    walk(spec.parameters, ['spec', 'parameters'], {}, out);
  }
  return out;
}

/** Names a template may read as `${{ secrets.x }}`: Secret fields and `spec.secrets.schema`. */
export function secretNames(
  spec: any,
  parameters: ParameterDef[],
): Set<string> {
  const names = new Set(
    parameters.filter(p => p.schema['ui:field'] === 'Secret').map(p => p.name),
  );
  for (const name of Object.keys(spec?.secrets?.schema?.properties ?? {}))
    names.add(name);
  return names;
}
