import { GoldenPathPolicy } from '@golden-path/plugin-golden-path-common';
import { collectParameters, ParameterDef, secretNames } from './parameters';
import { TemplateSource, YamlPath } from './source';
import { ActionSchema, LintFinding, Severity } from './types';

export interface StepInfo {
  index: number;
  id?: string;
  action?: string;
  input: Record<string, any>;
  raw: Record<string, any>;
  path: YamlPath;
}

/** Everything a rule needs about one template, and how to report a finding in it. */
export class TemplateContext {
  readonly template: any;
  readonly spec: any;
  readonly parameters: ParameterDef[];
  readonly secrets: Set<string>;
  readonly steps: StepInfo[];
  readonly findings: LintFinding[] = [];

  constructor(
    readonly source: TemplateSource,
    readonly actions: Map<string, ActionSchema>,
    readonly policy: GoldenPathPolicy,
  ) {
    this.template = source.value ?? {};
    this.spec = this.template.spec ?? {};
    this.parameters = collectParameters(this.spec);
    this.secrets = secretNames(this.spec, this.parameters);
    this.steps = (Array.isArray(this.spec.steps) ? this.spec.steps : []).map(
      (raw: any, index: number) => ({
        index,
        id: typeof raw?.id === 'string' ? raw.id : undefined,
        action: typeof raw?.action === 'string' ? raw.action : undefined,
        input: raw?.input && typeof raw.input === 'object' ? raw.input : {},
        raw: raw ?? {},
        path: ['spec', 'steps', index],
      }),
    );
  }

  report(
    rule: string,
    path: YamlPath,
    message: string,
    options: { key?: boolean; severity?: Severity } = {},
  ) {
    const { line, column } = this.source.position(path, options);
    this.findings.push({
      file: this.source.file,
      line,
      column,
      severity: options.severity ?? 'error',
      rule,
      message,
    });
  }

  parameter(name: string): ParameterDef[] {
    return this.parameters.filter(p => p.name === name);
  }

  step(id: string): StepInfo | undefined {
    return this.steps.find(s => s.id === id);
  }
}
