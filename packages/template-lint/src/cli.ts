import path from 'node:path';
import { findTemplateFiles, formatFinding, lintTemplates } from './lint';
import { loadPolicy } from './policy';
import { builtinActions, readActionsFile } from './registry';

const USAGE = `Usage: golden-path-lint-templates [options] [templates-dir-or-file ...]

Lints every templates/**/template.yaml (default: ./templates) against the scaffolder's Template
schema, each step's action schema, the Golden Path policy of every environment, the ticket
baseline annotations and how secrets flow. Exits 1 when there is an error.

Options:
  --config <file>    app-config file with the goldenPath policy (repeatable, merged in order;
                     default: app-config.yaml)
  --actions <file>   the JSON of GET /api/scaffolder/v2/actions from your backend (default: the
                     scaffolder built-ins and the golden-path actions)
  --max-warnings <n> fail when there are more warnings than this (default: no limit)
  --json             print the findings as JSON`;

/** Runs the CLI with `argv` (without node and script); resolves to the exit code. @public */
export async function main(argv: string[]): Promise<number> {
  const configs: string[] = [];
  const targets: string[] = [];
  let actionsFile: string | undefined;
  let json = false;
  let maxWarnings = Infinity;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--config') configs.push(argv[++i]);
    else if (arg === '--actions') actionsFile = argv[++i];
    else if (arg === '--max-warnings') maxWarnings = Number(argv[++i]);
    else if (arg === '--json') json = true;
    else if (arg === '--help' || arg === '-h') {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    } else if (arg.startsWith('-')) {
      process.stderr.write(`Unknown option ${arg}\n\n${USAGE}\n`);
      return 2;
    } else targets.push(arg);
  }
  const policy = loadPolicy(configs.length ? configs : ['app-config.yaml']);
  const actions = actionsFile ? readActionsFile(actionsFile) : builtinActions();
  const files = (targets.length ? targets : ['templates']).flatMap(t =>
    t.endsWith('.yaml')
      ? [path.resolve(t)]
      : findTemplateFiles(path.resolve(t)),
  );
  if (!files.length) {
    process.stderr.write(
      `No template.yaml found under ${(targets.length
        ? targets
        : ['templates']
      ).join(', ')}\n`,
    );
    return 2;
  }
  const result = await lintTemplates(files, { policy, actions });
  if (json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  else {
    for (const finding of result.findings)
      process.stdout.write(`${formatFinding(finding)}\n`);
    process.stdout.write(
      `${result.files.length} template(s): ${result.errorCount} error(s), ${result.warningCount} warning(s)\n`,
    );
  }
  return result.errorCount > 0 || result.warningCount > maxWarnings ? 1 : 0;
}
