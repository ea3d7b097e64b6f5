import { TemplateContext } from '../context';
import {
  plainReference,
  referencesIn,
  referencesUnder,
  stringsIn,
  expressionsIn,
  wholeExpression,
} from '../expressions';
import { acceptsSecret, isSecretValueInput } from '../goldenPathActions';

const SECRET_NAME =
  /(password|passwd|passphrase|secret|token|api[-_]?key|private[-_]?key|credential)/i;
const NOT_A_VALUE = /(name|names|id|arn|ref|url|path|scope|type|environment)$/i;

/**
 * Secrets flow only through Secret fields: a secret is typed into `ui:field: Secret`, read as
 * `${{ secrets.x }}` and handed only to inputs that store it as a secret. Anything else puts the
 * value into the task's parameters, logs, outputs or files.
 * Rules: `secret-widget`, `secret-field`, `secret-as-parameter`, `secret-undeclared`,
 * `secret-leak`, `secret-source`.
 */
export function secrets(ctx: TemplateContext) {
  const secretFields = new Set(
    ctx.parameters
      .filter(p => p.schema['ui:field'] === 'Secret')
      .map(p => p.name),
  );
  for (const def of ctx.parameters) {
    if (def.schema['ui:widget'] === 'password') {
      ctx.report(
        'secret-widget',
        [...def.path, 'ui:widget'],
        `"${def.name}" uses ui:widget: password, which keeps the value in the task's parameters; use ui:field: Secret and \${{ secrets.${def.name} }}`,
      );
    } else if (
      def.schema['ui:field'] !== 'Secret' &&
      def.schema.type === 'string' &&
      SECRET_NAME.test(def.name) &&
      !NOT_A_VALUE.test(def.name)
    ) {
      ctx.report(
        'secret-field',
        def.path,
        `"${def.name}" looks like a secret but is a plain field (stored in the task's parameters); use ui:field: Secret`,
        { key: true },
      );
    }
  }

  const everywhere = [
    ...ctx.steps.map(s => ({ value: s.raw, path: [...s.path] })),
    { value: ctx.spec.output, path: ['spec', 'output'] },
    ...ctx.parameters.map(p => ({
      value: p.schema['ui:options'],
      path: [...p.path, 'ui:options'],
    })),
  ];
  for (const { value, path } of everywhere) {
    for (const ref of referencesUnder(value, path)) {
      const name = ref.segments[0];
      if (ref.root === 'parameters' && secretFields.has(name)) {
        ctx.report(
          'secret-as-parameter',
          ref.path,
          `${ref.text} reads a Secret field as a parameter (asterisks at best); use \${{ secrets.${name} }}`,
        );
      }
      if (ref.root === 'secrets' && name && !ctx.secrets.has(name)) {
        ctx.report(
          'secret-undeclared',
          ref.path,
          `${ref.text}: no Secret field (or spec.secrets entry) is named "${name}"`,
        );
      }
    }
  }

  // Where ${{ secrets.x }} may go: only inputs that keep it secret.
  for (const step of ctx.steps) {
    for (const { path, text } of stringsIn(step.raw, [])) {
      const readsSecret = expressionsIn(text).some(e =>
        referencesIn(e).some(r => r.root === 'secrets'),
      );
      if (!readsSecret) continue;
      const inInput = path[0] === 'input';
      if (
        !inInput ||
        !step.action ||
        !acceptsSecret(step.action, path.slice(1))
      ) {
        ctx.report(
          'secret-leak',
          [...step.path, ...path],
          `a secret flows into ${
            inInput
              ? `input ${path.slice(1).join('.')} of ${step.action}`
              : `the step's ${path[0]}`
          }, which does not keep it secret (it may be logged, stored or written to files)`,
        );
      }
    }
    for (const { path, text } of stringsIn(step.input, [])) {
      if (!step.action || !isSecretValueInput(step.action, path)) continue;
      const whole = wholeExpression(text);
      const refs = whole === undefined ? [] : referencesIn(whole);
      // The action accepts only the task's own secrets here (GP-GH-SECRET-SOURCE); step outputs go in nonSecretValues.
      const fromSecret =
        refs.length > 0 && refs.every(r => r.root === 'secrets');
      if (!fromSecret) {
        const plain = plainReference(text);
        const why =
          whole === undefined
            ? 'is written into the template'
            : `comes from ${
                plain?.root === 'parameters'
                  ? "a plain form field, stored in the task's parameters"
                  : 'an expression that is not a secret'
              }`;
        ctx.report(
          'secret-source',
          [...step.path, 'input', ...path],
          `the secret value ${path.join(
            '.',
          )} ${why}; take it from a Secret field (\${{ secrets.x }}); a value that is not secret (a previous step's output) goes in nonSecretValues`,
        );
      }
    }
  }
  for (const { path, text } of stringsIn(ctx.spec.output, ['spec', 'output'])) {
    if (
      expressionsIn(text).some(e =>
        referencesIn(e).some(r => r.root === 'secrets'),
      )
    ) {
      ctx.report(
        'secret-leak',
        path,
        'a secret flows into the template output, which is stored with the task and shown to everyone who can read it',
      );
    }
  }
}
