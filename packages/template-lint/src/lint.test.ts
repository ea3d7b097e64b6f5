import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import YAML from 'yaml';
import { main } from './cli';
import { findTemplateFiles, lintTemplates, lintTemplateText } from './lint';
import { loadPolicy } from './policy';
import { builtinActions, readActionsFile } from './registry';

// Tests run from source, so __dirname is this folder.
// eslint-disable-next-line no-restricted-syntax
const FIXTURES = path.join(__dirname, '__fixtures__');
const REPO_ROOT = path.resolve(FIXTURES, '../../../..');
const policy = loadPolicy([path.join(FIXTURES, 'app-config.yaml')]);
const actions = builtinActions();

/** The seeded mistakes: the valid fixture with a few lines replaced (see mistakes.yaml). */
const valid = fs.readFileSync(
  path.join(FIXTURES, 'valid', 'template.yaml'),
  'utf8',
);
const MISTAKES: Array<{
  name: string;
  edits: Array<{ find: string[]; replace: string[] }>;
}> = YAML.parse(fs.readFileSync(path.join(FIXTURES, 'mistakes.yaml'), 'utf8'));
const mistakes = MISTAKES.map(m => m.name);

function mistakeText(name: string): string {
  const lines = valid.split('\n');
  for (const { find, replace } of MISTAKES.find(m => m.name === name)!.edits) {
    const at = lines.findIndex((_, i) =>
      find.every((line, j) => lines[i + j] === line),
    );
    // An edit must say exactly where it applies.
    const again = lines.findIndex(
      (_, i) => i > at && find.every((line, j) => lines[i + j] === line),
    );
    if (at < 0 || again >= 0)
      throw new Error(
        `mistakes.yaml: ${name}: the lines to replace must occur exactly once`,
      );
    lines.splice(at, find.length, ...replace);
  }
  return lines.join('\n');
}

/** A mistake written out as `<dir>/<name>/template.yaml`, for the CLI. */
function mistakeDir(name: string): string {
  const dir = path.join(
    fs.mkdtempSync(path.join(os.tmpdir(), 'gp-lint-')),
    name,
  );
  fs.mkdirSync(dir);
  fs.writeFileSync(path.join(dir, 'template.yaml'), mistakeText(name));
  return dir;
}

/** What a fixture promises: `# seeded: rule[, rule]` on each line a finding must point at. */
function seeded(text: string) {
  return text
    .split('\n')
    .flatMap((line, i) =>
      (/# seeded: ([\w, -]+)$/.exec(line)?.[1].split(/,\s*/) ?? []).map(
        rule => ({ rule, line: i + 1 }),
      ),
    );
}

describe('template linter', () => {
  it('finds nothing wrong in the valid fixture', async () => {
    const file = path.join(FIXTURES, 'valid', 'template.yaml');
    expect(
      await lintTemplateText(fs.readFileSync(file, 'utf8'), 'valid.yaml', {
        policy,
        actions,
      }),
    ).toEqual([]);
  });

  it('seeds at least 15 distinct mistakes', () => {
    expect(mistakes.length).toBeGreaterThanOrEqual(15);
    expect(
      new Set(mistakes.flatMap(m => seeded(mistakeText(m)).map(s => s.rule)))
        .size,
    ).toBeGreaterThanOrEqual(15);
  });

  it.each(mistakes)(
    'catches the seeded mistake %s, at its line and nothing else',
    async name => {
      const text = mistakeText(name);
      const expected = seeded(text);
      expect(expected.length).toBeGreaterThan(0);
      const findings = await lintTemplateText(text, `${name}/template.yaml`, {
        policy,
        actions,
      });
      expect(findings.map(f => ({ rule: f.rule, line: f.line }))).toEqual(
        expected,
      );
      for (const f of findings) {
        expect(f.file).toBe(`${name}/template.yaml`);
        expect(f.column).toBeGreaterThan(0);
        expect(f.message.length).toBeGreaterThan(20);
        expect(f.severity).toBe(
          f.rule === 'policy-free-choice' ? 'warning' : 'error',
        );
      }
    },
  );

  it('passes every packaged template (the catalog module’s templates/) against the repository’s own policy', async () => {
    const files = findTemplateFiles(
      path.join(
        REPO_ROOT,
        'plugins/catalog-backend-module-golden-path/templates',
      ),
    );
    expect(files.map(f => path.basename(path.dirname(f)))).toEqual(
      expect.arrayContaining([
        'new-service',
        'github-repo',
        'postgres-database',
      ]),
    );
    const result = await lintTemplates(files, {
      policy: loadPolicy([path.join(REPO_ROOT, 'app-config.yaml')]),
      actions,
      cwd: REPO_ROOT,
    });
    expect(result.findings).toEqual([]);
  });
});

describe('golden-path-lint-templates (CLI)', () => {
  let out: string;
  beforeEach(() => {
    out = '';
    jest.spyOn(process.stdout, 'write').mockImplementation(chunk => {
      out += String(chunk);
      return true;
    });
  });
  afterEach(() => jest.restoreAllMocks());

  const config = ['--config', path.join(FIXTURES, 'app-config.yaml')];

  it('prints file:line:column for each finding and exits 1 on an error', async () => {
    const code = await main([...config, mistakeDir('unknown-action')]);
    expect(code).toBe(1);
    expect(out).toMatch(
      /unknown-action\/template\.yaml:121:15 {2}error {2}action "golden-path:aws:rds:creat" is not registered in the scaffolder; did you mean golden-path:aws:rds:create\? {2}\[unknown-action\]/,
    );
    expect(out).toContain('1 template(s): 1 error(s), 0 warning(s)');
  });

  it('exits 0 on a clean template and on warnings, unless --max-warnings says otherwise', async () => {
    expect(
      await main([...config, path.join(FIXTURES, 'valid', 'template.yaml')]),
    ).toBe(0);
    const warned = mistakeDir('free-text-policy-field');
    expect(await main([...config, warned])).toBe(0);
    expect(await main([...config, '--max-warnings', '0', warned])).toBe(1);
  });

  it('prints JSON with --json, and refuses unknown options', async () => {
    expect(
      await main([...config, '--json', mistakeDir('duplicate-step-id')]),
    ).toBe(1);
    expect(JSON.parse(out)).toMatchObject({
      errorCount: 1,
      findings: [{ rule: 'duplicate-step-id', line: 137 }],
    });
    jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    expect(await main(['--nope'])).toBe(2);
  });
});

describe('action registry', () => {
  it('has the scaffolder built-ins and the golden-path actions with their published JSON schemas', () => {
    const ids = actions.map(a => a.id);
    expect(ids).toEqual(
      expect.arrayContaining([
        'fetch:template',
        'catalog:register',
        'debug:log',
        'golden-path:guardrails:check',
        'golden-path:aws:rds:create',
        'golden-path:github:secret:set',
      ]),
    );
    const rds = actions.find(a => a.id === 'golden-path:aws:rds:create')!;
    expect(rds.schema?.input).toMatchObject({
      type: 'object',
      required: ['name', 'owner', 'environment'],
      additionalProperties: false,
    });
    expect(Object.keys(rds.schema?.output?.properties ?? {})).toContain(
      'masterSecretArn',
    );
  });

  it('reads the JSON of GET /api/scaffolder/v2/actions, and refuses anything else', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gp-lint-'));
    const good = path.join(dir, 'actions.json');
    fs.writeFileSync(
      good,
      JSON.stringify([
        { id: 'publish:github', schema: { input: { type: 'object' } } },
      ]),
    );
    expect(readActionsFile(good).map(a => a.id)).toEqual(['publish:github']);
    const bad = path.join(dir, 'bad.json');
    fs.writeFileSync(bad, JSON.stringify({ hello: 'world' }));
    expect(() => readActionsFile(bad)).toThrow(
      'is not the JSON of GET /api/scaffolder/v2/actions',
    );
  });
});
