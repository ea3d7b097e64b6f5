import fs from 'node:fs';
import path from 'node:path';
import { renderGuardrailsMarkdown } from './docs';
import { POLICY_CHOICE_KEYS } from './form/choices';

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
