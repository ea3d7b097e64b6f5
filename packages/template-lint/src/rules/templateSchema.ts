import {
  FieldFormatEntityPolicy,
  NoForeignRootFieldsEntityPolicy,
} from '@backstage/catalog-model';
import { templateEntityV1beta3Validator } from '@backstage/plugin-scaffolder-common';
import { TemplateContext } from '../context';

/** `/spec/steps/0` → `['spec', 'steps', 0]`. */
function pointerToPath(pointer: string): Array<string | number> {
  return pointer
    .split('/')
    .slice(1)
    .map(s => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map(s => (/^\d+$/.test(s) ? Number(s) : s));
}

/**
 * `template-schema`: the scaffolder's own Template v1beta3 validator (scaffolder-common) and the
 * catalog's entity format policies, as the catalog applies them when it ingests the file.
 * Returns false when the file is not a v1beta3 Template at all (the other rules then do not run).
 */
export async function templateSchema(ctx: TemplateContext): Promise<boolean> {
  const entity = ctx.template;
  if (!entity || typeof entity !== 'object' || Array.isArray(entity)) {
    ctx.report('template-schema', [], 'the file is not a YAML object');
    return false;
  }
  try {
    if (!(await templateEntityV1beta3Validator.check(entity))) {
      ctx.report(
        'template-schema',
        ['kind'],
        `not a scaffolder.backstage.io/v1beta3 Template (apiVersion ${JSON.stringify(
          entity.apiVersion,
        )}, kind ${JSON.stringify(entity.kind)})`,
      );
      return false;
    }
  } catch (e) {
    // "<instancePath> <message> - <params>", the first problem the validator found.
    const text = (e as Error).message;
    const [pointer, ...rest] = text.split(' ');
    const path = pointer.startsWith('/') ? pointerToPath(pointer) : [];
    const where = pointer.startsWith('/')
      ? pointer.slice(1).replace(/\//g, '.')
      : 'template';
    ctx.report(
      'template-schema',
      path,
      `${where} ${rest
        .join(' ')
        .replace(/ - .*$/, '')} (Template v1beta3 schema)`,
    );
    return true;
  }
  for (const policy of [
    new NoForeignRootFieldsEntityPolicy(),
    new FieldFormatEntityPolicy(),
  ]) {
    try {
      await policy.enforce(entity);
    } catch (e) {
      const message = (e as Error).message.replace(/\s*To learn more.*$/s, '');
      const field = /^"([\w.]+)"/.exec(message)?.[1];
      ctx.report(
        'template-schema',
        field ? field.split('.') : [],
        `${message} (catalog entity rules)`,
      );
    }
  }
  return true;
}
