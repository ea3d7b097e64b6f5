import type { PolicyResponse } from '@golden-path/plugin-golden-path-common/client';
import { CliError } from './errors';
import {
  applyFormDefaults,
  coerce,
  FormField,
  parseSets,
  readValuesFile,
  secretEnvName,
} from './form';

/** How secrets are asked for when the environment does not hold them. */
export interface SecretPrompt {
  available(): boolean;
  ask(question: string): Promise<string>;
}

/** What a run sends: the form's values and, apart, its secrets. */
export interface FilledForm {
  values: Record<string, unknown>;
  secrets: Record<string, string>;
}

/**
 * The values of a run: `-f` file, then `--set` (later wins), then the form's defaults. Secret
 * fields never come from either (a value on the command line ends up in shell history and the
 * process list): each comes from `GOLDEN_PATH_SECRET_<NAME>` or a hidden prompt, goes to the task's
 * secrets, and its form value is asterisks, as the Create page sends it.
 */
export async function fillForm(options: {
  fields: FormField[];
  sets: string[];
  file?: string;
  policy?: PolicyResponse;
  prompt: SecretPrompt;
  env?: NodeJS.ProcessEnv;
}): Promise<FilledForm> {
  const env = options.env ?? process.env;
  const byName = new Map(options.fields.map(f => [f.name, f]));
  const known = () =>
    options.fields
      .filter(f => !f.secret)
      .map(f => f.name)
      .join(', ');
  const checkKey = (key: string, from: string) => {
    const field = byName.get(key);
    if (!field)
      throw new CliError(
        `${from}: the template has no field ${JSON.stringify(
          key,
        )}; its fields: ${known()}`,
      );
    if (field.secret)
      throw new CliError(
        `${from}: ${key} is a secret; it is never taken from the command line or a file. Set ${secretEnvName(
          key,
        )} in the environment, or leave it out to be asked for it without echo.`,
      );
    return field;
  };
  const given: Record<string, unknown> = {};
  if (options.file) {
    for (const [key, value] of Object.entries(readValuesFile(options.file))) {
      checkKey(key, options.file);
      given[key] = value;
    }
  }
  for (const [key, raw] of parseSets(options.sets))
    given[key] = coerce(checkKey(key, '--set'), raw);

  const values = applyFormDefaults(options.fields, given, options.policy);
  const missing = options.fields.filter(
    f =>
      f.required &&
      !f.secret &&
      !f.conditional &&
      (values[f.name] === undefined || values[f.name] === ''),
  );
  if (missing.length)
    throw new CliError(
      `Missing required field(s): ${missing
        .map(f => f.name)
        .join(', ')}. Give them with --set ${
        missing[0].name
      }=… or -f values.yaml (golden-path describe shows every field).`,
    );

  const secrets: Record<string, string> = {};
  for (const f of options.fields.filter(x => x.secret)) {
    const name = secretEnvName(f.name);
    let value = env[name];
    if (value === undefined || value === '') {
      if (options.prompt.available()) {
        value = await options.prompt.ask(
          `${f.schema.title ?? f.name} (${f.name}, secret${
            f.required ? '' : ', Enter to leave out'
          }): `,
        );
      } else if (f.required)
        throw new CliError(
          `${f.name} is a secret: set ${name} in the environment, or run in a terminal to be asked for it`,
        );
    }
    if (value === undefined || value === '') {
      if (f.required) throw new CliError(`${f.name} is required`);
      continue;
    }
    secrets[f.name] = value;
    // The form holds asterisks; the value travels only in the task's secrets.
    if (f.page !== 'Secrets') values[f.name] = '*'.repeat(value.length);
  }
  return { values, secrets };
}

/** The values as printed: secrets shown as "(secret)", never their value or length. */
export function describeValues(
  fields: FormField[],
  filled: FilledForm,
): string[] {
  const secret = new Set(fields.filter(f => f.secret).map(f => f.name));
  return Object.entries(filled.values).map(([k, v]) =>
    secret.has(k) ? `${k} = (secret)` : `${k} = ${JSON.stringify(v)}`,
  );
}
