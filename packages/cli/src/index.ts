/**
 * `golden-path`: Golden Paths from a terminal, against any Backstage.
 *
 * @packageDocumentation
 */
import { Command, CommanderError, Option } from 'commander';
import { login, logout, whoami } from './commands/auth';
import { evaluateFile } from './commands/evaluate';
import {
  decideException,
  listExceptions,
  requestException,
} from './commands/exceptions';
import { importTickets, listTicketTypes } from './commands/tickets';
import { lint } from './commands/lint';
import { collect, run } from './commands/run';
import { logs, status } from './commands/tasks';
import { describe, templates } from './commands/templates';
import { CliError, EXIT } from './lib/errors';
import { Io, processIo } from './lib/output';

const EXIT_CODES = `
Exit codes
  0  done
  1  failed (a task that failed or was cancelled, a bad argument, a backend error)
  2  refused by a Golden Path guardrail (the rules and their fixes are printed)`;

const ENVIRONMENT = `
Environment
  GOLDEN_PATH_URL                the backend when --url is not given (else the last login's)
  GOLDEN_PATH_TOKEN              a Backstage token to use instead of the stored sign-in
  GOLDEN_PATH_SECRET_<NAME>      the value of a template's secret field <name> (run)
  XDG_CONFIG_HOME                where credentials are stored (golden-path/credentials.json)`;

/** Builds the command tree; `done(code)` receives each action's exit code. */
export function createProgram(io: Io, done: (code: number) => void): Command {
  const program = new Command('golden-path');
  const act =
    <A extends unknown[]>(fn: (...args: A) => Promise<number>) =>
    async (...args: A) =>
      done(await fn(...args));
  const withUrl = (cmd: Command) =>
    cmd.addOption(
      new Option(
        '--url <backend>',
        'Backstage backend URL, e.g. http://localhost:7007 (default: GOLDEN_PATH_URL, else the last login)',
      ),
    );

  program
    .description(
      'Golden Paths from a terminal: list, describe, dry-run and run Backstage software templates with server-side guardrails, follow their logs, check requests against the policy and lint templates.',
    )
    .version(
      // eslint-disable-next-line @typescript-eslint/no-var-requires
      require('../package.json').version,
      '-V, --version',
      'print the version',
    )
    .configureOutput({
      writeOut: s => io.out.write(s),
      writeErr: s => io.err.write(s),
    })
    .showHelpAfterError('(golden-path <command> --help shows its options)')
    .addHelpText('after', `${EXIT_CODES}\n${ENVIRONMENT}`)
    .exitOverride();

  withUrl(
    program
      .command('login')
      .summary(
        'sign in to a Backstage backend (browser, --guest or --with-token)',
      )
      .description(
        "Sign in to a Backstage backend and store the token for the other commands (file readable by you only). By default Backstage's CLI sign-in in the browser (OAuth with PKCE, approved in Backstage); --guest and --with-token otherwise.",
      )
      .option(
        '--guest',
        "use the backend's guest sign-in (local and development backends)",
      )
      .option(
        '--with-token',
        'store a token read from stdin or a hidden prompt: a Backstage user token, or a static token from backend.auth.externalAccess',
      )
      .option(
        '--no-browser',
        'print the sign-in address instead of opening a browser',
      )
      .addHelpText(
        'after',
        `
Examples
  golden-path login --url https://backstage.example.com
  golden-path login --url http://localhost:7007 --guest
  golden-path login --url https://backstage.example.com --with-token < token.txt`,
      ),
  ).action(act(opts => login(io, opts)));

  withUrl(
    program
      .command('logout')
      .summary('forget the stored sign-in of a backend')
      .description(
        'Forget the stored sign-in of a backend (and revoke its refresh token)',
      ),
  ).action(act(opts => logout(io, opts)));

  withUrl(
    program
      .command('whoami')
      .summary('show the backend and the signed-in user')
      .description(
        'Show the backend, the signed-in user and how the sign-in is renewed',
      )
      .option('--json', 'print JSON'),
  ).action(act(opts => whoami(io, opts)));

  withUrl(
    program
      .command('templates')
      .summary('list the Golden Paths in the catalog')
      .description(
        "List the Golden Paths in the backend's catalog (templates tagged golden-path)",
      )
      .option('--all', 'list every template, not only Golden Paths')
      .option('--json', 'print JSON'),
  ).action(act(opts => templates(io, opts)));

  withUrl(
    program
      .command('describe')
      .summary("show a template's fields and the policy's choices")
      .description(
        "Show a template's fields: types, defaults, what is required, secrets, and for policy-driven fields the choices the golden-path policy allows in each environment (with monthly prices)",
      )
      .argument(
        '<template>',
        'template name, e.g. s3-bucket or template:default/s3-bucket',
      )
      .option(
        '--environment <name>',
        'show the policy choices of this environment only',
      )
      .option('--json', 'print JSON'),
  ).action(act((name, opts) => describe(io, name, opts)));

  withUrl(
    program
      .command('run')
      .summary('run (or --dry-run) a template, streaming its log')
      .description(
        'Run a template as a scaffolder task, streaming its log live with per-step progress; or dry-run it (--dry-run: nothing is created, no task recorded). Fields left out get the form defaults and the policy defaults; the cost step is checked against the guardrails first.',
      )
      .argument(
        '<template>',
        'template name (s3-bucket, template:default/s3-bucket); with --dry-run also a local template folder or template.yaml',
      )
      .option(
        '--set <key=value>',
        'a field value (repeatable); lists as a,b or JSON, objects as JSON',
        collect,
        [],
      )
      .option(
        '-f, --values <file>',
        'field values from a YAML or JSON file (--set wins)',
      )
      .option(
        '--dry-run',
        'dry-run through the scaffolder (POST /api/scaffolder/v2/dry-run): guardrails judged and every request planned, nothing changed',
      )
      .option(
        '--no-wait',
        'start the task and return its id without following it',
      )
      .option(
        '--json',
        'print the result as JSON on stdout (the log goes to stderr)',
      )
      .addHelpText(
        'after',
        `
Secret fields (ui:field: Secret) are never taken from --set or -f: set GOLDEN_PATH_SECRET_<NAME>
(e.g. GOLDEN_PATH_SECRET_SECRET_VALUE for secretValue) or type them at the hidden prompt.

Examples
  golden-path run s3-bucket --set name=payments-files --set owner=group:default/payments
  golden-path run postgres-database -f db.yaml --dry-run
  golden-path run ./templates/my-path --dry-run --set name=x --set owner=group:default/payments
${EXIT_CODES}`,
      ),
  ).action(act((template, opts) => run(io, template, opts)));

  withUrl(
    program
      .command('status')
      .summary("your recent tasks, or one task's status")
      .description(
        'Without a task: your recent tasks. With one: its template, status, steps and outcome',
      )
      .argument('[task]', 'task id')
      .option('--limit <n>', 'how many recent tasks (1-100)', '10')
      .option('--all', "everyone's tasks you may see, not only yours")
      .option('--json', 'print JSON'),
  ).action(act((task, opts) => status(io, task, opts)));

  withUrl(
    program
      .command('logs')
      .summary("print or --follow a task's log")
      .description(
        "Print a task's log; --follow streams it live until the task ends and exits with its outcome",
      )
      .argument('<task>', 'task id')
      .option('-f, --follow', 'stream the log until the task ends')
      .addHelpText('after', EXIT_CODES),
  ).action(act((task, opts) => logs(io, task, opts)));

  withUrl(
    program
      .command('evaluate')
      .summary('judge requests in a file against the guardrails')
      .description(
        'Judge resource requests against the golden-path policy and budget (POST /api/golden-path/policy/evaluate), as the guardrails step will: cost, relaxed rules, every violation with its fix',
      )
      .argument(
        '<file>',
        'YAML or JSON: { requests: [...] }, { request: {...} }, a list of requests or one request',
      )
      .option('--json', 'print the evaluation as JSON')
      .addHelpText(
        'after',
        `
A file of requests (YAML or JSON), e.g. a list
  - kind: s3-bucket
    name: payments-files
    environment: dev
    owner: group:default/payments
${EXIT_CODES}`,
      ),
  ).action(act((file, opts) => evaluateFile(io, file, opts)));

  const exception = program
    .command('exception')
    .summary('ask for, list and decide exceptions to the policy')
    .description(
      "Exceptions: a request refused only by rules its environment lets approvers except can be let through once, for a few days, when an approver (a member of the environment's approver group, not the requester) approves it. See docs/exceptions.md",
    );
  withUrl(
    exception
      .command('request')
      .summary('ask for an exception for one refused request')
      .description(
        'Ask the approvers for an exception to the rules refusing one request (POST /api/golden-path/exceptions); they are notified',
      )
      .argument('<file>', 'YAML or JSON holding one request, as for evaluate')
      .requiredOption(
        '--justification <text>',
        'why the request needs to deviate (20 to 2,000 characters)',
      )
      .requiredOption(
        '--days <n>',
        "how long it stays usable once approved (at most the environment's maxDays)",
      )
      .option('--json', 'print the exception as JSON'),
  ).action(act((file, opts) => requestException(io, file, opts)));
  withUrl(
    exception
      .command('list')
      .summary('list exceptions, newest first')
      .option('--status <status>', 'pending, approved, denied, used or expired')
      .option('--mine', 'only the ones I asked for')
      .option('--json', 'print them as JSON'),
  ).action(act(opts => listExceptions(io, opts)));
  for (const decision of ['approve', 'deny'] as const)
    withUrl(
      exception
        .command(decision)
        .summary(`${decision} a pending exception (approvers only)`)
        .argument('<id>', 'exception id')
        .requiredOption('--comment <text>', 'told to the requester')
        .option('--json', 'print the exception as JSON'),
    ).action(act((id, opts) => decideException(io, id, decision, opts)));

  const tickets = program
    .command('tickets')
    .summary('import ticket exports and show measured baselines')
    .description(
      'Tickets: the ops queue the Golden Paths replace, measured. Imports need membership of goldenPath.tickets.importers. See docs/tickets.md',
    );
  withUrl(
    tickets
      .command('import')
      .summary('upload a Jira or ServiceNow CSV export (importers only)')
      .description(
        'Upload a ticket export (POST /api/golden-path/tickets/imports): only the facts the baselines need are kept. Exit 1 when rows were skipped (each is listed)',
      )
      .argument('<file>', 'the CSV export')
      .requiredOption('--format <format>', 'jira or servicenow')
      .option('--json', 'print the import as JSON'),
  ).action(act((file, opts) => importTickets(io, file, opts)));
  withUrl(
    tickets
      .command('types')
      .summary('ticket types with their measured baselines')
      .option('--json', 'print them as JSON'),
  ).action(act(opts => listTicketTypes(io, opts)));

  withUrl(
    program
      .command('lint')
      .summary('lint templates against the policy')
      .description(
        "Lint templates with @golden-path/template-lint: the scaffolder's schemas, each step's action input, every value against the policy of each environment, the ticket baseline and secret handling. Judged against the backend's live policy and actions, or offline with --config",
      )
      .argument(
        '[paths...]',
        'template folders or template.yaml files (default: ./templates)',
      )
      .option(
        '--config <file>',
        'lint offline against the policy in this app-config file (repeatable, merged in order)',
        collect,
        [],
      )
      .option(
        '--actions <file>',
        "action schemas as GET /api/scaffolder/v2/actions answers (default: the backend's, or the built-ins with --config)",
      )
      .option(
        '--max-warnings <n>',
        'fail when there are more warnings than this',
      )
      .option('--json', 'print the findings as JSON')
      .addHelpText(
        'after',
        `
Exits 1 when any template has an error (or more warnings than --max-warnings).`,
      ),
  ).action(act((paths, opts) => lint(io, paths, opts)));

  return program;
}

/** Runs the command with `argv` (without node and script); resolves to the exit code. */
export async function main(
  argv: string[],
  io: Io = processIo(),
): Promise<number> {
  let code: number = EXIT.done;
  const program = createProgram(io, c => (code = c));
  for (const cmd of program.commands) {
    cmd.exitOverride();
    for (const sub of cmd.commands) sub.exitOverride();
  }
  try {
    if (!argv.length) {
      program.outputHelp();
      return EXIT.done;
    }
    await program.parseAsync(argv, { from: 'user' });
    return code;
  } catch (e) {
    if (e instanceof CommanderError)
      return [
        'commander.helpDisplayed',
        'commander.help',
        'commander.version',
      ].includes(e.code)
        ? EXIT.done
        : EXIT.failed;
    if (e instanceof CliError) {
      io.err.write(`${e.message}\n`);
      return e.exitCode;
    }
    throw e;
  }
}
