import fs from 'node:fs';
import path from 'node:path';
import { TemplateContext } from './context';
import { actionInputs } from './rules/actionInputs';
import { costEstimate } from './rules/costEstimate';
import { guardrails } from './rules/guardrails';
import { policyValues } from './rules/policyValues';
import { references } from './rules/references';
import { secrets } from './rules/secrets';
import { templateSchema } from './rules/templateSchema';
import { ticketBaseline } from './rules/ticketBaseline';
import { TemplateSource } from './source';
import { LintFinding, LintOptions, LintResult } from './types';

const RULES = [
  actionInputs,
  references,
  policyValues,
  ticketBaseline,
  secrets,
  guardrails,
  costEstimate,
];

/** Lints one template's text; `file` is used in the findings. @public */
export async function lintTemplateText(
  text: string,
  file: string,
  options: LintOptions,
): Promise<LintFinding[]> {
  const source = new TemplateSource(file, text);
  if (source.syntaxErrors.length) {
    return source.syntaxErrors.map(e => ({
      file,
      line: e.line,
      column: e.column,
      severity: 'error' as const,
      rule: 'yaml-syntax',
      message: e.message,
    }));
  }
  const ctx = new TemplateContext(
    source,
    new Map(options.actions.map(a => [a.id, a])),
    options.policy,
  );
  if (await templateSchema(ctx)) for (const rule of RULES) rule(ctx);
  return ctx.findings.sort(
    (a, b) =>
      a.line - b.line || a.column - b.column || a.rule.localeCompare(b.rule),
  );
}

/** Every `template.yaml` under `root`, at any depth (node_modules skipped), sorted. @public */
export function findTemplateFiles(root: string): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name === 'template.yaml') found.push(full);
    }
  };
  walk(root);
  return found.sort();
}

/** Lints template files; findings name each file relative to `cwd`. @public */
export async function lintTemplates(
  files: string[],
  options: LintOptions & { cwd?: string },
): Promise<LintResult> {
  const findings: LintFinding[] = [];
  for (const file of files) {
    const shown = path.relative(options.cwd ?? process.cwd(), file) || file;
    findings.push(
      ...(await lintTemplateText(
        fs.readFileSync(file, 'utf8'),
        shown,
        options,
      )),
    );
  }
  return {
    files,
    findings,
    errorCount: findings.filter(f => f.severity === 'error').length,
    warningCount: findings.filter(f => f.severity === 'warning').length,
  };
}

/** `file:line:column  severity  message  [rule]`, the form editors and CI annotate. @public */
export function formatFinding(f: LintFinding): string {
  return `${f.file}:${f.line}:${f.column}  ${f.severity}  ${f.message}  [${f.rule}]`;
}
