import type { ExceptionItem } from '@golden-path/plugin-golden-path-common/client';
import { CliError, EXIT } from '../lib/errors';
import {
  colours,
  Io,
  isInteractive,
  printJson,
  table,
  writeLine,
} from '../lib/output';
import { callGoldenPath } from '../lib/session';
import { readRequests } from './evaluate';

const STATUSES = ['pending', 'approved', 'denied', 'used', 'expired'] as const;

function describe(io: Io, e: ExceptionItem) {
  const c = colours(isInteractive(io.out));
  writeLine(
    io.out,
    `${c.bold(e.id)} ${e.status}: ${e.kind} "${e.name}" in ${e.environment} (${
      e.owner
    })`,
  );
  for (const d of e.deviations)
    writeLine(io.out, `  ${d.ruleId} ${d.field}: ${d.message}`);
  writeLine(
    io.out,
    `  ${e.currency} ${e.monthlyCost.toFixed(2)}/month; team ${
      e.currency
    } ${e.teamMonthlySpend.toFixed(2)} of ${e.teamMonthlyBudget.toFixed(
      2,
    )}/month; ${e.durationDays} day(s) once approved by ${e.approvers}`,
  );
  if (e.decidedBy)
    writeLine(io.out, `  ${e.status} by ${e.decidedBy}: ${e.comment ?? ''}`);
  if (e.expiresAt) writeLine(io.out, `  usable until ${e.expiresAt}`);
}

/** `exception request <file>`: asks the approvers for an exception to the rules refusing one request. */
export async function requestException(
  io: Io,
  file: string,
  opts: { url?: string; justification: string; days: string; json?: boolean },
): Promise<number> {
  const { requests } = readRequests(file);
  if (requests.length !== 1)
    throw new CliError(
      `${file} holds ${requests.length} requests; an exception is asked for one`,
    );
  const days = Number(opts.days);
  if (!Number.isInteger(days) || days < 1)
    throw new CliError('--days must be a whole number of days, 1 or more');
  const created = await callGoldenPath(opts.url, api =>
    api.requestException({
      request: requests[0] as Record<string, unknown>,
      justification: opts.justification,
      durationDays: days,
    }),
  );
  if (opts.json) printJson(io, created);
  else {
    describe(io, created);
    writeLine(
      io.out,
      `Asked: members of ${created.approvers} are notified. Once approved, run the same request again; it is let through once.`,
    );
  }
  return EXIT.done;
}

/** `exception list`: newest first, optionally one status or only the caller's. */
export async function listExceptions(
  io: Io,
  opts: { url?: string; status?: string; mine?: boolean; json?: boolean },
): Promise<number> {
  if (opts.status && !STATUSES.includes(opts.status as any))
    throw new CliError(`--status must be one of ${STATUSES.join(', ')}`);
  const { items } = await callGoldenPath(opts.url, api =>
    api.listExceptions({
      ...(opts.status && {
        status: opts.status as (typeof STATUSES)[number],
      }),
      ...(opts.mine && { requester: 'me' as const }),
    }),
  );
  if (opts.json) {
    printJson(io, items);
    return EXIT.done;
  }
  if (!items.length) {
    writeLine(io.out, 'No exceptions.');
    return EXIT.done;
  }
  for (const line of table([
    ['ID', 'STATUS', 'RESOURCE', 'RULES', 'REQUESTER', 'DECIDE'],
    ...items.map(e => [
      e.id,
      e.status,
      `${e.kind} ${e.name} (${e.environment})`,
      e.ruleIds.join(','),
      e.requester,
      e.canDecide ? 'yes' : '',
    ]),
  ]))
    writeLine(io.out, line);
  return EXIT.done;
}

/** `exception approve|deny <id>`: an approver's decision, with a comment for the requester. */
export async function decideException(
  io: Io,
  id: string,
  decision: 'approve' | 'deny',
  opts: { url?: string; comment: string; json?: boolean },
): Promise<number> {
  const decided = await callGoldenPath(opts.url, api =>
    api.decideException(id, { decision, comment: opts.comment }),
  );
  if (opts.json) printJson(io, decided);
  else describe(io, decided);
  return EXIT.done;
}
