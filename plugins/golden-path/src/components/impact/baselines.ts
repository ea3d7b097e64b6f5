import type { BaselineUse } from '@golden-path/plugin-golden-path-common';
import { formatCount, formatWorkHours } from '../format';

/** Where a baseline's numbers came from, in the words the page uses. */
const SOURCE_LABELS: Record<BaselineUse['source'], string> = {
  measured: 'measured',
  annotations: 'template annotations',
  'time-saved': 'backstage.io/time-saved',
  defaults: 'goldenPath.metrics defaults',
};

/**
 * One ticket type's baseline as a short label: "measured from 42 tickets", or the fallback it used
 * ("template annotations", "backstage.io/time-saved", "goldenPath.metrics defaults"); when the ops
 * effort came from elsewhere (tickets that logged no work), that too.
 */
export function baselineLabel(b: BaselineUse): string {
  const label =
    b.source === 'measured'
      ? `measured from ${formatCount(b.tickets)} ticket${
          b.tickets === 1 ? '' : 's'
        }`
      : SOURCE_LABELS[b.source];
  return b.opsSource && b.opsSource !== b.source
    ? `${label} (ops effort: ${SOURCE_LABELS[b.opsSource]})`
    : label;
}

/** What one ticket of the type is taken to cost: "26 working h wait, 1.5 h ops per ticket". */
export function baselineFigures(b: BaselineUse): string {
  return `${formatWorkHours(
    b.waitWorkingHours,
  )} wait (working), ${formatWorkHours(b.opsHours)} ops per ticket`;
}

/**
 * The baseline a ticket type used in the period, if the summary names it: the one a template's runs
 * used when `template` is given (a template that only claims a type keeps its own baseline).
 */
export function baselineOf(
  baselines: BaselineUse[] | undefined,
  ticketType: string | undefined,
  template?: string,
): BaselineUse | undefined {
  const ofType = (baselines ?? []).filter(b => b.ticketType === ticketType);
  if (template)
    return ofType.find(b => b.templates?.includes(template)) ?? ofType[0];
  return ofType.find(b => b.source === 'measured') ?? ofType[0];
}

/**
 * Which baselines a total used, short enough for a tile: ticket types that share a baseline are
 * named together ("provision-database measured from 42 tickets; template annotations (create-repo,
 * ci-secret)"), and past three only counted; the baselines card lists every type. Empty when the
 * summary names none.
 */
export function baselinesSummary(baselines: BaselineUse[] | undefined): string {
  const groups = new Map<string, string[]>();
  for (const b of baselines ?? [])
    groups.set(baselineLabel(b), [
      ...(groups.get(baselineLabel(b)) ?? []),
      b.ticketType,
    ]);
  return [...groups]
    .map(([label, types]) => {
      if (types.length === 1) return `${types[0]} ${label}`;
      if (types.length <= 3) return `${label} (${types.join(', ')})`;
      return `${label} (${types.length} ticket types)`;
    })
    .join('; ');
}
