/**
 * Lints Golden Path software templates: the scaffolder's Template schema, each step's input against
 * its action's schema, every value against each environment's policy, the ticket baseline
 * annotations and how secrets flow. CLI: `golden-path-lint-templates`.
 *
 * @packageDocumentation
 */
export {
  lintTemplates,
  lintTemplateText,
  findTemplateFiles,
  formatFinding,
} from './lint';
export { loadPolicy } from './policy';
export { builtinActions, readActionsFile } from './registry';
export type {
  ActionSchema,
  LintFinding,
  LintOptions,
  LintResult,
  Severity,
} from './types';
export { main as runLintCli } from './cli';
