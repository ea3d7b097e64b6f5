import path from 'node:path';
import { fromClientError } from '../lib/backstage';
import { CliError, EXIT } from '../lib/errors';
import {
  colours,
  Io,
  isInteractive,
  printJson,
  writeLine,
} from '../lib/output';
import { openSession } from '../lib/session';

/** The parts of `@golden-path/template-lint` this command uses. */
interface TemplateLint {
  lintTemplates(
    files: string[],
    options: { policy: any; actions: any[] },
  ): Promise<{
    files: string[];
    findings: Array<{ severity: string }>;
    errorCount: number;
    warningCount: number;
  }>;
  findTemplateFiles(dir: string): string[];
  formatFinding(finding: any): string;
  loadPolicy(configFiles: string[]): any;
  builtinActions(): any[];
  readActionsFile(file: string): any[];
}

const LINTER = '@golden-path/template-lint';

/**
 * The linter, from the project in the current folder or installed beside this command. It is an
 * optional peer: it carries the scaffolder's action schemas, far more than the other commands need.
 */
function loadLinter(): TemplateLint {
  let resolved: string | undefined;
  // The project's own copy first, else the one installed with this command.
  for (const resolve of [
    () => require.resolve(LINTER, { paths: [process.cwd()] }),
    () => require.resolve(LINTER),
  ]) {
    try {
      resolved = resolve();
      break;
    } catch {
      // next
    }
  }
  if (!resolved) {
    throw new CliError(
      [
        `lint needs ${LINTER} (it carries the scaffolder's action schemas): install it beside the command,`,
        `  npm install --save-dev ${LINTER}`,
        `or run both with npx: npx -p @golden-path/cli -p ${LINTER} golden-path lint …`,
      ].join('\n'),
    );
  }
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  return require(resolved);
}

export async function lint(
  io: Io,
  targets: string[],
  opts: {
    url?: string;
    config: string[];
    actions?: string;
    maxWarnings?: string;
    json?: boolean;
  },
): Promise<number> {
  const linter = loadLinter();
  const c = colours(isInteractive(io.out));
  let policy: unknown;
  let actions: unknown[];
  if (opts.config.length) {
    policy = linter.loadPolicy(opts.config);
    actions = opts.actions
      ? linter.readActionsFile(opts.actions)
      : linter.builtinActions();
    writeLine(
      io.err,
      c.dim(
        `Policy from ${opts.config.join(', ')}; actions from ${
          opts.actions ?? 'the scaffolder built-ins and the golden-path actions'
        }.`,
      ),
    );
  } else {
    const { api, url } = await openSession({ url: opts.url });
    try {
      policy = await api.goldenPath().getPolicy();
    } catch (e) {
      throw fromClientError(e);
    }
    actions = opts.actions
      ? linter.readActionsFile(opts.actions)
      : await api.json<unknown[]>('/api/scaffolder/v2/actions');
    writeLine(
      io.err,
      c.dim(
        `Policy from ${url}/api/golden-path/policy; actions from ${
          opts.actions ?? `${url}/api/scaffolder/v2/actions`
        }. (--config app-config.yaml lints offline.)`,
      ),
    );
  }
  const dirs = targets.length ? targets : ['templates'];
  const files = dirs.flatMap(t =>
    /\.ya?ml$/i.test(t)
      ? [path.resolve(t)]
      : linter.findTemplateFiles(path.resolve(t)),
  );
  if (!files.length)
    throw new CliError(`No template.yaml found under ${dirs.join(', ')}`);
  const result = await linter.lintTemplates(files, {
    policy,
    actions: actions as any[],
  });
  const maxWarnings =
    opts.maxWarnings === undefined ? Infinity : Number(opts.maxWarnings);
  if (!Number.isFinite(maxWarnings) && opts.maxWarnings !== undefined)
    throw new CliError('--max-warnings takes a number');
  if (opts.json) printJson(io, result);
  else {
    for (const finding of result.findings)
      writeLine(
        io.out,
        finding.severity === 'error'
          ? c.red(linter.formatFinding(finding))
          : c.yellow(linter.formatFinding(finding)),
      );
    writeLine(
      io.out,
      `${result.files.length} template(s): ${result.errorCount} error(s), ${result.warningCount} warning(s)`,
    );
  }
  return result.errorCount > 0 || result.warningCount > maxWarnings
    ? EXIT.failed
    : EXIT.done;
}
