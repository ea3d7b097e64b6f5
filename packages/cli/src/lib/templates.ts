import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { Backstage } from './backstage';
import { CliError, HttpError } from './errors';

/** A template entity as the catalog serves it (the parts the command reads). */
export interface TemplateEntity {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    title?: string;
    description?: string;
    tags?: string[];
    annotations?: Record<string, string>;
    [key: string]: unknown;
  };
  spec: {
    parameters?: FormPage | FormPage[];
    steps?: Array<{
      id?: string;
      name?: string;
      action: string;
      input?: Record<string, unknown>;
      if?: unknown;
    }>;
    secrets?: { schema?: Record<string, any> };
    output?: unknown;
    [key: string]: unknown;
  };
  relations?: unknown;
}

/** One page of a template's form: a JSON schema with `ui:` keys. */
export interface FormPage {
  title?: string;
  description?: string;
  required?: string[];
  properties?: Record<string, any>;
  dependencies?: Record<string, any>;
  [key: string]: unknown;
}

/** A template named on the command line. */
export interface TemplateName {
  namespace: string;
  name: string;
  /** `template:<namespace>/<name>` */
  ref: string;
}

/** `s3-bucket`, `default/s3-bucket` or `template:default/s3-bucket`. */
export function parseTemplateName(text: string): TemplateName {
  const m = /^(?:template:)?(?:([A-Za-z0-9._-]+)\/)?([A-Za-z0-9._-]+)$/i.exec(
    text.trim(),
  );
  if (!m)
    throw new CliError(
      `${JSON.stringify(
        text,
      )} is not a template name (e.g. s3-bucket or template:default/s3-bucket)`,
    );
  const namespace = m[1] ?? 'default';
  return { namespace, name: m[2], ref: `template:${namespace}/${m[2]}` };
}

/** The catalog's Template entity. */
export async function fetchTemplate(
  api: Backstage,
  t: TemplateName,
): Promise<TemplateEntity> {
  try {
    return await api.json<TemplateEntity>(
      `/api/catalog/entities/by-name/template/${encodeURIComponent(
        t.namespace,
      )}/${encodeURIComponent(t.name)}`,
    );
  } catch (e) {
    if (e instanceof HttpError && e.status === 404)
      throw new CliError(
        `No template ${t.ref} in ${api.url}'s catalog (golden-path templates lists them)`,
      );
    throw e;
  }
}

/** The form as the scaffolder gives it to the Create page (after its permission filtering). */
export async function fetchParameterSchema(
  api: Backstage,
  t: TemplateName,
): Promise<FormPage[]> {
  const answer = await api.json<{
    steps: Array<{ title?: string; description?: string; schema: FormPage }>;
  }>(
    `/api/scaffolder/v2/templates/${encodeURIComponent(
      t.namespace,
    )}/template/${encodeURIComponent(t.name)}/parameter-schema`,
  );
  return answer.steps.map(s => ({
    ...s.schema,
    title: s.title ?? s.schema.title,
    description: s.description ?? s.schema.description,
  }));
}

/** The form pages of a template entity. */
export function pagesOf(entity: TemplateEntity): FormPage[] {
  const p = entity.spec.parameters;
  if (!p) return [];
  return Array.isArray(p) ? p : [p];
}

/** Templates in the catalog: the Golden Paths (tag `golden-path`), or every template. */
export async function listTemplates(
  api: Backstage,
  all: boolean,
): Promise<TemplateEntity[]> {
  const items: TemplateEntity[] = [];
  let cursor: string | undefined;
  do {
    const query = new URLSearchParams();
    if (cursor) query.set('cursor', cursor);
    else {
      query.set(
        'filter',
        all ? 'kind=template' : 'kind=template,metadata.tags=golden-path',
      );
      query.set('orderField', 'metadata.name,asc');
    }
    query.set('limit', '100');
    const page = await api.json<{
      items: TemplateEntity[];
      pageInfo?: { nextCursor?: string };
    }>(`/api/catalog/entities/by-query?${query}`);
    items.push(...page.items);
    cursor = page.pageInfo?.nextCursor;
  } while (cursor && items.length < 5000);
  return items;
}

/** The entity without what the catalog added (ids, relations, status): what a dry-run takes. */
export function templateForDryRun(entity: TemplateEntity): TemplateEntity {
  const {
    uid: _uid,
    etag: _etag,
    generation: _generation,
    ...metadata
  } = entity.metadata as Record<string, unknown>;
  return {
    apiVersion: entity.apiVersion,
    kind: entity.kind,
    metadata: metadata as TemplateEntity['metadata'],
    spec: entity.spec,
  };
}

/** Files bigger than this are not sent with a dry-run. */
const MAX_FILE_BYTES = 1024 * 1024;
const MAX_TOTAL_BYTES = 20 * 1024 * 1024;
const SKIPPED_DIRS = new Set(['.git', 'node_modules']);

/**
 * A template on disk (its `template.yaml`, or a folder holding one) and the other files of its
 * folder, as `POST /v2/dry-run` takes them (`directoryContents`): a dry-run of a template that
 * is not in the catalog yet, skeleton included, as the Template Editor does.
 */
export function readLocalTemplate(target: string): {
  entity: TemplateEntity;
  directoryContents: Array<{ path: string; base64Content: string }>;
} {
  const file = fs.statSync(target).isDirectory()
    ? path.join(target, 'template.yaml')
    : target;
  if (!fs.existsSync(file))
    throw new CliError(`No template.yaml in ${JSON.stringify(target)}`);
  const entity = YAML.parse(fs.readFileSync(file, 'utf8')) as TemplateEntity;
  if (entity?.kind !== 'Template' || !entity.spec)
    throw new CliError(`${file} is not a Template entity`);
  const dir = path.dirname(file);
  const directoryContents: Array<{ path: string; base64Content: string }> = [];
  let total = 0;
  const walk = (sub: string) => {
    for (const entry of fs.readdirSync(path.join(dir, sub), {
      withFileTypes: true,
    })) {
      const rel = path.posix.join(sub, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRS.has(entry.name)) walk(rel);
      } else if (entry.isFile() && rel !== path.basename(file)) {
        const content = fs.readFileSync(path.join(dir, rel));
        if (content.length > MAX_FILE_BYTES)
          throw new CliError(`${rel} is over 1 MiB: too big for a dry-run`);
        total += content.length;
        if (total > MAX_TOTAL_BYTES)
          throw new CliError(
            `The files of ${dir} are over 20 MiB: too big for a dry-run`,
          );
        directoryContents.push({
          path: rel,
          base64Content: content.toString('base64'),
        });
      }
    }
  };
  walk('.');
  return { entity, directoryContents };
}

/**
 * Steps that read files from the template's own folder (`fetch:template`/`fetch:plain` with a
 * relative `url`): a dry-run of a catalog template cannot send those files.
 */
export function stepsReadingTemplateFiles(entity: TemplateEntity): string[] {
  return (entity.spec.steps ?? [])
    .filter(
      s =>
        /^fetch:/.test(s.action) &&
        typeof s.input?.url === 'string' &&
        !/^[a-z][a-z0-9+.-]*:/i.test(s.input.url as string),
    )
    .map(s => s.id ?? s.action);
}
