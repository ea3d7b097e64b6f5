import { InfoCard } from '@backstage/core-components';
import type {
  BaselineUse,
  Spread,
} from '@golden-path/plugin-golden-path-common';
import { TicketTypeItem } from '@golden-path/plugin-golden-path-common/client';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import { ReactNode } from 'react';
import {
  formatCount,
  formatSeconds,
  formatWorkHours,
  shortRef,
} from '../../format';
import { baselineLabel } from '../baselines';
import { BeforeAfter } from './beforeAfter';

const perMonth = (n: number | null) =>
  n === null
    ? '—'
    : new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 }).format(n);

/** "10 h / 30 h" (median / p90) in working hours, or a dash. */
const spread = (s: Spread | null) =>
  s
    ? `${formatWorkHours(s.median / 3600)} / ${formatWorkHours(
        s.p90 / 3600,
      )} (${formatCount(s.tickets)} tickets)`
    : '—';

/** Visually hidden, still read by screen readers (the header cell above the row labels). */
const srOnly = {
  position: 'absolute',
  width: 1,
  height: 1,
  overflow: 'hidden',
  clip: 'rect(0 0 0 0)',
  whiteSpace: 'nowrap',
} as const;

function Row(props: {
  id: string;
  label: string;
  before: ReactNode;
  after: ReactNode;
}) {
  return (
    <TableRow data-testid={`gp-ba-${props.id}`}>
      <TableCell component="th" scope="row">
        {props.label}
      </TableCell>
      <TableCell>{props.before}</TableCell>
      <TableCell>{props.after}</TableCell>
    </TableRow>
  );
}

/** Which baseline the type's figures used in the period, or the measured facts when no run used one. */
function baselineText(item: TicketTypeItem, used: BaselineUse | undefined) {
  if (used)
    return `baseline ${baselineLabel(used)}${
      used.source !== 'measured' && used.fallbackReason
        ? ` (${used.fallbackReason})`
        : ''
    }`;
  return `${formatCount(
    item.baseline.tickets,
  )} tickets before the path; no run used a baseline in this period`;
}

/**
 * One ticket type before its Golden Path and after: tickets per month then and still now (leakage)
 * next to the path's runs, and the queue's wait (working hours) next to the path's provisioning time.
 */
export function BeforeAfterCard(props: {
  item: TicketTypeItem;
  figures: BeforeAfter;
  used: BaselineUse | undefined;
}) {
  const { item, figures: f } = props;
  const live = item.baseline.liveSince?.slice(0, 10);
  return (
    <InfoCard
      title={item.title}
      subheader={`${item.name} · ${
        live ? `path live since ${live}` : 'path not live yet'
      } · ${baselineText(item, props.used)}`}
      noPadding
    >
      <Table
        size="small"
        aria-label={`${item.title}: before and after the Golden Path`}
        data-testid={`gp-before-after-${item.name}`}
      >
        <TableHead>
          <TableRow>
            <TableCell>
              <span style={srOnly}>Figure</span>
            </TableCell>
            <TableCell>Before the path</TableCell>
            <TableCell>After the path</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          <Row
            id="opened"
            label="Tickets opened per month"
            before={perMonth(f.openedPerMonthBefore)}
            after={
              f.openedPerMonthAfter === null
                ? '—'
                : `${perMonth(
                    f.openedPerMonthAfter,
                  )} still opened (${formatCount(item.leaked)} since the path)`
            }
          />
          <Row
            id="runs"
            label="Golden Path runs per month (this period)"
            before="—"
            after={perMonth(f.runsPerMonth)}
          />
          <Row
            id="start"
            label="Wait to start, median / p90 (working h)"
            before={spread(f.waitToStart)}
            after="—"
          />
          <Row
            id="resolve"
            label="Wait to resolve, median / p90 (working h)"
            before={spread(f.waitToResolve)}
            after={
              f.provisionMedianSeconds === null
                ? '—'
                : `${formatSeconds(
                    f.provisionMedianSeconds,
                  )} median to provision${
                    f.provisionTemplate
                      ? ` (${shortRef(f.provisionTemplate)})`
                      : ''
                  }`
            }
          />
        </TableBody>
      </Table>
    </InfoCard>
  );
}
