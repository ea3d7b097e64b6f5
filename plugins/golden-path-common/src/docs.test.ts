import fs from 'node:fs';
import path from 'node:path';
import {
  ACTION_RULES_MARKERS,
  renderGuardrailsMarkdown,
  renderKindRulesMarkdown,
} from './docs';
import { POLICY_CHOICE_KEYS } from './form/choices';
import { KIND_DEFINITIONS } from './kinds/registry';

// eslint-disable-next-line no-restricted-syntax
const file = path.resolve(__dirname, '../../../docs/guardrails.md');

describe('docs/guardrails.md', () => {
  it('is generated from the current rule catalogue', () => {
    const expected = renderGuardrailsMarkdown();
    if (process.env.UPDATE_DOCS) fs.writeFileSync(file, expected);
    expect(fs.readFileSync(file, 'utf8')).toBe(expected);
  });
});

describe('docs/form-fields.md', () => {
  it('lists every policy choice a form may offer', () => {
    // eslint-disable-next-line no-restricted-syntax
    const doc = path.resolve(__dirname, '../../../docs/form-fields.md');
    const text = fs.readFileSync(doc, 'utf8');
    expect(
      POLICY_CHOICE_KEYS.filter(k => !text.includes(`| \`${k}\``)),
    ).toEqual([]);
  });
});

/** A Markdown table's text without Prettier's column padding. */
const tableText = (markdown: string) =>
  markdown
    .split('\n')
    .map(line =>
      line
        .split('|')
        .map(c => c.trim())
        .map(c => (/^-+$/.test(c) ? '---' : c))
        .join('|'),
    )
    .join('\n');

describe('docs/actions', () => {
  it.each(KIND_DEFINITIONS.map(d => [d.creatingAction.id, d.kind] as const))(
    '%s has its page, with the rules of its kind generated from the catalogue',
    (id, kind) => {
      const page = path.resolve(
        __dirname,
        '../../../docs/actions',
        `${id.replace(/^golden-path:/, '').replace(/:/g, '-')}.md`,
      );
      const text = fs.readFileSync(page, 'utf8');
      expect(text).toContain(`# \`${id}\``);
      const [start, end] = ACTION_RULES_MARKERS;
      const table = renderKindRulesMarkdown(kind);
      const from = text.indexOf(start);
      const current =
        from < 0 ? '' : text.slice(from, text.indexOf(end, from) + end.length);
      if (process.env.UPDATE_DOCS && tableText(current) !== tableText(table))
        fs.writeFileSync(
          page,
          current
            ? text.replace(current, table)
            : `${text.trimEnd()}\n\n## Guardrails\n\n${table}\n`,
        );
      expect(tableText(current)).toBe(tableText(table));
    },
  );
});
