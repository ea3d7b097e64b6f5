import fs from 'node:fs';
import path from 'node:path';
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

/** What a fixture promises: `# seeded: rule[, rule]` on each line a finding must point at. */
function seeded(file: string) {
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .flatMap((text, i) => (/# seeded: ([\w, -]+)$/.exec(text)?.[1].split(/,\s*/) ?? []).map(rule => ({ rule, line: i + 1 })));
}

const mistakes = fs.readdirSync(path.join(FIXTURES, 'mistakes')).sort();

describe('template linter', () => {
  it('finds nothing wrong in the valid fixture', async () => {
    const file = path.join(FIXTURES, 'valid', 'template.yaml');
    expect(await lintTemplateText(fs.readFileSync(file, 'utf8'), 'valid.yaml', { policy, actions })).toEqual([]);
  });

  it('seeds at least 15 distinct mistakes', () => {
    expect(mistakes.length).toBeGreaterThanOrEqual(15);
    expect(new Set(mistakes.flatMap(m => seeded(path.join(FIXTURES, 'mistakes', m, 'template.yaml')).map(s => s.rule))).size).toBeGreaterThanOrEqual(15);
  });

  it.each(mistakes)('catches the seeded mistake in mistakes/%s, at its line and nothing else', async name => {
    const file = path.join(FIXTURES, 'mistakes', name, 'template.yaml');
    const expected = seeded(file);
    expect(expected.length).toBeGreaterThan(0);
    const findings = await lintTemplateText(fs.readFileSync(file, 'utf8'), `${name}/template.yaml`, { policy, actions });
    expect(findings.map(f => ({ rule: f.rule, line: f.line }))).toEqual(expected);
    for (const f of findings) {
      expect(f.file).toBe(`${name}/template.yaml`);
      expect(f.column).toBeGreaterThan(0);
      expect(f.message.length).toBeGreaterThan(20);
      expect(f.severity).toBe(f.rule === 'policy-free-choice' ? 'warning' : 'error');
    }
  });

  it('passes every template in templates/ against the repository’s own policy', async () => {
    const files = findTemplateFiles(path.join(REPO_ROOT, 'templates'));
    expect(files.map(f => path.basename(path.dirname(f)))).toEqual(expect.arrayContaining(['new-service', 'github-repo', 'postgres-database']));
    const result = await lintTemplates(files, { policy: loadPolicy([path.join(REPO_ROOT, 'app-config.yaml')]), actions, cwd: REPO_ROOT });
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
    const code = await main([...config, path.join(FIXTURES, 'mistakes', 'unknown-action')]);
    expect(code).toBe(1);
    expect(out).toMatch(/unknown-action\/template\.yaml:122:15 {2}error {2}action "golden-path:aws:rds:creat" is not registered in the scaffolder; did you mean golden-path:aws:rds:create\? {2}\[unknown-action\]/);
    expect(out).toContain('1 template(s): 1 error(s), 0 warning(s)');
  });

  it('exits 0 on a clean template and on warnings, unless --max-warnings says otherwise', async () => {
    expect(await main([...config, path.join(FIXTURES, 'valid', 'template.yaml')])).toBe(0);
    const warned = path.join(FIXTURES, 'mistakes', 'free-text-policy-field');
    expect(await main([...config, warned])).toBe(0);
    expect(await main([...config, '--max-warnings', '0', warned])).toBe(1);
  });

  it('prints JSON with --json, and refuses unknown options', async () => {
    expect(await main([...config, '--json', path.join(FIXTURES, 'mistakes', 'duplicate-step-id')])).toBe(1);
    expect(JSON.parse(out)).toMatchObject({ errorCount: 1, findings: [{ rule: 'duplicate-step-id', line: 138 }] });
    jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    expect(await main(['--nope'])).toBe(2);
  });
});

describe('action registry', () => {
  it('has the scaffolder built-ins and the golden-path actions with their published JSON schemas', () => {
    const ids = actions.map(a => a.id);
    expect(ids).toEqual(expect.arrayContaining(['fetch:template', 'catalog:register', 'debug:log', 'golden-path:guardrails:check', 'golden-path:aws:rds:create', 'golden-path:github:secret:set']));
    const rds = actions.find(a => a.id === 'golden-path:aws:rds:create')!;
    expect(rds.schema?.input).toMatchObject({ type: 'object', required: ['name', 'owner', 'environment'], additionalProperties: false });
    expect(Object.keys(rds.schema?.output?.properties ?? {})).toContain('masterSecretArn');
  });

  it('reads the JSON of GET /api/scaffolder/v2/actions, and refuses anything else', () => {
    const dir = fs.mkdtempSync(path.join(require('node:os').tmpdir(), 'gp-lint-'));
    const good = path.join(dir, 'actions.json');
    fs.writeFileSync(good, JSON.stringify([{ id: 'publish:github', schema: { input: { type: 'object' } } }]));
    expect(readActionsFile(good).map(a => a.id)).toEqual(['publish:github']);
    const bad = path.join(dir, 'bad.json');
    fs.writeFileSync(bad, JSON.stringify({ hello: 'world' }));
    expect(() => readActionsFile(bad)).toThrow('is not the JSON of GET /api/scaffolder/v2/actions');
  });
});
