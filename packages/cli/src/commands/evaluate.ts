import fs from 'node:fs';
import YAML from 'yaml';
import { fromClientError } from '../lib/backstage';
import { CliError, EXIT } from '../lib/errors';
import {
  colours,
  Io,
  isInteractive,
  printJson,
  writeLine,
} from '../lib/output';
import { printRefusal, refusalOfViolations } from '../lib/refusal';
import { openSession } from '../lib/session';

/**
 * The requests of a file: `{ requests: [...] }`, `{ request: {...} }`, a list of requests, one
 * request, or several YAML documents of those. `requester` (for a service token only) is passed on.
 */
export function readRequests(file: string): {
  requests: unknown[];
  requester?: { userRef?: string; groups: string[] };
} {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e: any) {
    throw new CliError(`Cannot read ${file}: ${e?.code ?? e?.message}`);
  }
  let docs: unknown[];
  try {
    docs = YAML.parseAllDocuments(text).map(d => {
      if (d.errors.length) throw d.errors[0];
      return d.toJS();
    });
  } catch (e: any) {
    throw new CliError(`${file} is not YAML or JSON: ${e?.message}`);
  }
  const requests: unknown[] = [];
  let requester: { userRef?: string; groups: string[] } | undefined;
  for (const doc of docs) {
    if (doc === null || doc === undefined) continue;
    if (Array.isArray(doc)) requests.push(...doc);
    else if (typeof doc === 'object' && 'requests' in (doc as object)) {
      const list = (doc as any).requests;
      if (!Array.isArray(list))
        throw new CliError(`${file}: requests must be a list`);
      requests.push(...list);
      requester ??= (doc as any).requester;
    } else if (typeof doc === 'object' && 'request' in (doc as object)) {
      requests.push((doc as any).request);
      requester ??= (doc as any).requester;
    } else requests.push(doc);
  }
  if (!requests.length) throw new CliError(`${file} holds no request`);
  return { requests, requester };
}

/** `evaluate <file>`: judges requests as the guardrails step will; exit 2 when any is refused. */
export async function evaluateFile(
  io: Io,
  file: string,
  opts: { url?: string; json?: boolean },
): Promise<number> {
  const { requests, requester } = readRequests(file);
  const { api } = await openSession({ url: opts.url });
  let result;
  try {
    result = await api
      .goldenPath()
      .evaluate(requests, requester ? { requester } : {});
  } catch (e) {
    throw fromClientError(e);
  }
  if (opts.json) {
    printJson(io, result);
    return result.allowed ? EXIT.done : EXIT.refused;
  }
  const c = colours(isInteractive(io.out));
  for (const e of result.evaluated) {
    const r = e.request as unknown as Record<string, unknown>;
    const refused = result.violations.some(v => v.index === e.index);
    writeLine(
      io.out,
      `${refused ? c.red('✖') : c.green('✔')} ${r.kind} "${r.name}" (${
        r.environment
      }, ${r.owner}): ${result.currency} ${e.monthlyCost.toFixed(2)}/month${
        e.costBasis ? c.dim(` — ${e.costBasis}`) : ''
      }`,
    );
  }
  for (const x of result.exceptions)
    writeLine(
      io.out,
      c.dim(`  relaxed in ${x.environment}: ${x.ruleId} (${x.reason})`),
    );
  writeLine(
    io.out,
    `${requests.length} request(s); estimated ${
      result.currency
    } ${result.totalMonthlyCost.toFixed(2)}/month`,
  );
  for (const used of result.exceptionsUsed ?? [])
    writeLine(
      io.out,
      `  your approved exception ${used.id} sets aside ${used.ruleIds.join(
        ', ',
      )}: a run uses it once`,
    );
  if (result.allowed) {
    writeLine(io.out, c.green('✔ Allowed by the guardrails'));
    return EXIT.done;
  }
  printRefusal(io, refusalOfViolations(result.violations));
  for (const offer of result.exceptionOffer ?? [])
    writeLine(
      io.out,
      `${offer.ruleIds.join(', ')} may be excepted in ${
        offer.environment
      }: members of ${offer.approvers} can approve for up to ${
        offer.maxDays
      } day(s). Ask: golden-path exception request ${file} --justification "…" --days <n>`,
    );
  return EXIT.refused;
}
