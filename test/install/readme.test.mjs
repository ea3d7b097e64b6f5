// The README's install section must show exactly what the install test does (steps.mjs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import YAML from 'yaml';
import {
  BACKEND_LINES,
  CODE_LINES_CHANGED,
  COMMANDS,
  CONFIG_BLOCK,
  CONFIG_EDITS,
} from './steps.mjs';

const readme = readFileSync(
  join(import.meta.dirname, '..', '..', 'README.md'),
  'utf8',
);
const section = readme.slice(
  readme.indexOf('## Installing the plugins into an existing Backstage'),
  readme.indexOf('### Details: backend'),
);
const blocks = lang =>
  [
    ...section.matchAll(new RegExp(`\`\`\`${lang}\\n([\\s\\S]*?)\`\`\``, 'g')),
  ].map(m => m[1]);

test('the install section exists', () => {
  assert.ok(section.length > 500, 'README has no install section');
});

test('the README shows every command of the install test', () => {
  const shown = blocks('sh').join('').split('\n');
  for (const command of COMMANDS) assert.ok(shown.includes(command), command);
});

test('the README shows the backend lines, in order', () => {
  assert.ok(
    blocks('ts').some(b => b.includes(BACKEND_LINES.join('\n'))),
    'backend lines differ from steps.mjs',
  );
});

test('the README shows the goldenPath block the test pastes', () => {
  assert.ok(blocks('yaml').includes(CONFIG_BLOCK), 'goldenPath block differs');
});

test('the README shows each app-config edit', () => {
  const yamls = blocks('yaml').map(b => YAML.parse(b));
  for (const edit of CONFIG_EDITS) {
    const shown = yamls.some(
      doc =>
        JSON.stringify(edit.path.reduce((node, key) => node?.[key], doc)) ===
        JSON.stringify(edit.value),
    );
    assert.ok(shown, `app-config edit ${edit.path.join('.')}`);
  }
});

test('the README counts the lines of code it asks for', () => {
  assert.match(
    section,
    new RegExp(`That is ${CODE_LINES_CHANGED} lines of code`),
  );
  assert.ok(CODE_LINES_CHANGED <= 15);
});
