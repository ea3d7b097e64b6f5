/*
 * GitHub's own REST API description (`@octokit/openapi`, the OpenAPI document GitHub publishes for
 * api.github.com and for GitHub Enterprise Cloud) as a contract the GitHub stand-in keeps: every
 * request is routed and validated by it, and every answer is completed and validated against it.
 */
import Ajv, { ValidateFunction } from 'ajv';

type Schema = Record<string, any>;

/** Which published description to hold the stand-in to. */
export type GithubApiDescription = 'api.github.com' | 'ghec';

/** One operation of the description, found for a request. */
export interface GithubOperation {
  operationId: string;
  method: string;
  /** The path template, e.g. `/repos/{owner}/{repo}`. */
  template: string;
  /** Statuses the description documents for it. */
  statuses: string[];
}

interface Route {
  operation: GithubOperation;
  pattern: RegExp;
  /** Literal characters: more specific templates are tried first. */
  specificity: number;
  spec: Schema;
}

const DOCS = 'https://docs.github.com/rest';

/** A JSON pointer segment. */
const pointer = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');

/** `{path}` and `{ref}` may span slashes (file paths, `heads/main`); other parameters may not. */
function patternOf(template: string): RegExp {
  const source = template
    .split(/(\{[^}]+\})/)
    .map(part => {
      if (!part.startsWith('{'))
        return part.replace(/[.*+?^$()|[\]\\]/g, '\\$&');
      return /^\{(path|ref)\}$/.test(part) ? '(.+)' : '([^/]+)';
    })
    .join('');
  return new RegExp(`^${source}$`);
}

/**
 * OpenAPI 3.0's `nullable` as JSON Schema: `type: [t, 'null']`, or `anyOf` with null where the
 * schema has no type of its own (a `$ref` or `allOf`).
 */
function withoutNullable(node: any): any {
  if (Array.isArray(node)) return node.map(withoutNullable);
  if (!node || typeof node !== 'object') return node;
  const out: Schema = {};
  for (const [key, value] of Object.entries(node))
    out[key] = withoutNullable(value);
  if (out.nullable !== true) return out;
  delete out.nullable;
  if (typeof out.type === 'string') {
    out.type = [out.type, 'null'];
    if (Array.isArray(out.enum)) out.enum = [...out.enum, null];
    return out;
  }
  return { anyOf: [out, { type: 'null' }] };
}

class Contract {
  private readonly ajv = new Ajv({
    strict: false,
    allErrors: true,
    validateFormats: false,
  });
  private readonly routes: Route[] = [];
  private readonly validators = new Map<string, ValidateFunction>();

  private readonly spec: Schema;

  constructor(published: Schema) {
    const spec = withoutNullable(published);
    this.spec = spec;
    this.ajv.addSchema(spec, 'gh');
    for (const [template, item] of Object.entries<Schema>(spec.paths)) {
      for (const method of ['get', 'put', 'post', 'patch', 'delete']) {
        const op = item[method];
        if (!op) continue;
        this.routes.push({
          operation: {
            operationId: op.operationId,
            method: method.toUpperCase(),
            template,
            statuses: Object.keys(op.responses ?? {}),
          },
          pattern: patternOf(template),
          specificity: template.replace(/\{[^}]+\}/g, '').length,
          spec: op,
        });
      }
    }
    this.routes.sort((a, b) => b.specificity - a.specificity);
  }

  route(method: string, path: string) {
    return this.routes.find(
      r => r.operation.method === method && r.pattern.test(path),
    );
  }

  /** Follows a local `$ref` (`#/components/...`). */
  resolve<T = Schema>(node: any): T {
    let current = node;
    while (current && typeof current.$ref === 'string') {
      current = current.$ref
        .slice(2)
        .split('/')
        .map((s: string) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
        .reduce((n: any, key: string) => n?.[key], this.spec);
    }
    return current;
  }

  /** A validator of a schema found at a JSON pointer into the description. */
  validator(path: string[]): ValidateFunction {
    const ref = `gh#/${path.map(pointer).join('/')}`;
    let validate = this.validators.get(ref);
    if (!validate) {
      // Inline schemas under paths hold templated keys; register them under their own id.
      const schema = path.reduce((n: any, key) => n?.[key], this.spec);
      const rewritten = JSON.parse(
        JSON.stringify(schema).replace(/"\$ref":"#\//g, '"$ref":"gh#/'),
      );
      validate = this.ajv.compile(rewritten);
      this.validators.set(ref, validate);
    }
    return validate;
  }

  errorsOf(validate: ValidateFunction): string[] {
    return (validate.errors ?? []).map(
      e => `${e.instancePath || '(body)'} ${e.message}`,
    );
  }

  /** Where the JSON schema of an operation's request body or answer lives. */
  schemaPath(route: Route, status?: string): string[] | undefined {
    const base = [
      'paths',
      route.operation.template,
      route.operation.method.toLowerCase(),
    ];
    if (status === undefined) {
      const body = this.resolve(route.spec.requestBody);
      return body?.content?.['application/json']?.schema
        ? [...base, 'requestBody', 'content', 'application/json', 'schema']
        : undefined;
    }
    const response = route.spec.responses?.[status];
    if (!response) return undefined;
    if (response.$ref) {
      const name = response.$ref.split('/').pop();
      const resolved = this.resolve(response);
      return resolved?.content?.['application/json']?.schema
        ? [
            'components',
            'responses',
            name,
            'content',
            'application/json',
            'schema',
          ]
        : undefined;
    }
    return response.content?.['application/json']?.schema
      ? [...base, 'responses', status, 'content', 'application/json', 'schema']
      : undefined;
  }

  schemaAt(path: string[]): Schema {
    return path.reduce((n: any, key) => n?.[key], this.spec);
  }

  /** The documented example of a component schema, when the description has one. */
  exampleFor(schema: Schema): unknown {
    const name =
      typeof schema?.$ref === 'string'
        ? schema.$ref.split('/').pop()
        : undefined;
    const example = name && this.spec.components?.examples?.[name]?.value;
    return example === undefined ? undefined : structuredClone(example);
  }

  /**
   * Fills every required field the stand-in's answer lacks, from the description's own example
   * when it has one, otherwise a value of the declared type; what the stand-in set is kept.
   */
  complete(schemaNode: Schema, value: any, depth = 0): any {
    const schema = this.resolve(schemaNode);
    if (!schema || depth > 12) return value;
    if (schema.allOf)
      return schema.allOf.reduce(
        (v: any, s: Schema) => this.complete(s, v, depth + 1),
        value,
      );
    if (schema.anyOf || schema.oneOf) {
      const options: Schema[] = schema.anyOf ?? schema.oneOf;
      return value === undefined
        ? this.complete(options[0], undefined, depth + 1)
        : value;
    }
    if (value === undefined) {
      const example = this.exampleFor(schemaNode);
      if (example !== undefined)
        return this.complete(schemaNode, example, depth + 1);
      if (schema.nullable) return null;
      if (schema.enum) return schema.enum[0];
      switch (schema.type) {
        case 'object':
          return this.complete(schemaNode, {}, depth + 1);
        case 'array':
          return [];
        case 'integer':
        case 'number':
          return typeof schema.example === 'number' ? schema.example : 1;
        case 'boolean':
          return false;
        case 'string':
          if (schema.format === 'date-time') return '2026-01-01T00:00:00Z';
          if (schema.format === 'uri') return 'https://api.github.com/';
          return typeof schema.example === 'string' ? schema.example : 'x';
        default:
          return null;
      }
    }
    if (schema.type === 'array' && Array.isArray(value) && schema.items)
      return value.map(item => this.complete(schema.items, item, depth + 1));
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      const out = { ...value };
      for (const key of schema.required ?? [])
        if (!(key in out))
          out[key] = this.complete(
            schema.properties?.[key] ?? {},
            undefined,
            depth + 1,
          );
      for (const [key, sub] of Object.entries<Schema>(schema.properties ?? {}))
        if (key in out && out[key] !== null)
          out[key] = this.complete(sub, out[key], depth + 1);
      return out;
    }
    return value;
  }
}

const loaded = new Map<GithubApiDescription, Contract>();

/** GitHub's published REST API description, loaded once per process. */
export function githubContract(description: GithubApiDescription): Contract {
  let contract = loaded.get(description);
  if (!contract) {
    let spec: Schema;
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      spec = require(`@octokit/openapi/generated/${description}.json`);
    } catch {
      throw new Error(
        'The GitHub stand-in validates against GitHub’s OpenAPI description: install @octokit/openapi (a dev dependency), or start it with { contract: false }',
      );
    }
    contract = new Contract(spec);
    loaded.set(description, contract);
  }
  return contract;
}

/** What GitHub answers for a path or method it does not have. */
export const NOT_FOUND = {
  message: 'Not Found',
  documentation_url: DOCS,
  status: '404',
};

/** What GitHub answers for a body its description does not allow. */
export const invalidRequest = (problems: string[]) => ({
  message: `Invalid request.\n\n${problems.join('\n')}`,
  documentation_url: DOCS,
  status: '422',
});

export type { Contract as GithubContract };

/** What a test should fail on after a scenario: broken contract answers, requests without the API version. */
export function contractProblems(github: {
  contractViolations(): string[];
  requests: Array<{
    method: string;
    path: string;
    headers: Record<string, unknown>;
  }>;
}): string[] {
  return [
    ...github.contractViolations(),
    ...github.requests
      .filter(r => r.headers['x-github-api-version'] !== '2022-11-28')
      .map(
        r => `${r.method} ${r.path} sent no X-GitHub-Api-Version: 2022-11-28`,
      ),
  ];
}
