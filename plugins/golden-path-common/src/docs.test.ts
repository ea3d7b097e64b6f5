import fs from 'node:fs';
import path from 'node:path';
import { renderGuardrailsMarkdown } from './docs';

// eslint-disable-next-line no-restricted-syntax
const file = path.resolve(__dirname, '../../../docs/guardrails.md');

describe('docs/guardrails.md', () => {
  it('is generated from the current rule catalogue', () => {
    const expected = renderGuardrailsMarkdown();
    if (process.env.UPDATE_DOCS) fs.writeFileSync(file, expected);
    expect(fs.readFileSync(file, 'utf8')).toBe(expected);
  });
});
