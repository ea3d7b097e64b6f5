import { InfoCard } from '@backstage/core-components';
import type { BaselineUse } from '@golden-path/plugin-golden-path-common';
import { BreakdownItem } from '@golden-path/plugin-golden-path-common/client';
import Link from '@material-ui/core/Link';
import {
  formatWorkHours,
  formatMoney,
  formatPercent,
  formatSeconds,
  shortRef,
} from '../format';
import { baselineFigures, baselineLabel, baselineOf } from './baselines';
import { Column, SortableTable } from './SortableTable';

/**
 * Per-template or per-team figures of a period; every column sorts; a row click (or its name,
 * from the keyboard) narrows the page to it. Template rows say which ticket baseline they used.
 */
export function BreakdownTable(props: {
  by: 'template' | 'owner';
  items: BreakdownItem[];
  currency: string;
  baselines?: BaselineUse[];
  onSelect?: (ref: string) => void;
}) {
  const { by, currency, onSelect } = props;
  const key = (i: BreakdownItem) =>
    (by === 'template' ? i.template : i.owner) ?? '';
  const title = by === 'template' ? 'By template' : 'By owning team';
  const baseline = (i: BreakdownItem) =>
    baselineOf(props.baselines, i.ticketType, i.template);
  const columns: Column<BreakdownItem>[] = [
    {
      id: by,
      title: by === 'template' ? 'Template' : 'Team',
      nowrap: true,
      sortValue: key,
      render: i =>
        onSelect ? (
          <Link
            component="button"
            variant="body2"
            style={{ fontWeight: 600, textAlign: 'left' }}
            onClick={(e: React.MouseEvent) => {
              e.stopPropagation();
              onSelect(key(i));
            }}
          >
            {shortRef(key(i))}
          </Link>
        ) : (
          shortRef(key(i))
        ),
    },
    ...(by === 'template'
      ? [
          {
            id: 'ticketType',
            title: 'Replaces ticket',
            nowrap: true,
            sortValue: i => i.ticketType,
            render: i => i.ticketType ?? '—',
          } as Column<BreakdownItem>,
          {
            id: 'baseline',
            title: 'Baseline',
            nowrap: true,
            sortValue: i => (baseline(i) ? baselineLabel(baseline(i)!) : null),
            render: i => {
              const b = baseline(i);
              if (!b) return '—';
              return (
                <span
                  title={`${baselineFigures(b)}${
                    b.fallbackReason ? ` (${b.fallbackReason})` : ''
                  }`}
                >
                  {baselineLabel(b)}
                </span>
              );
            },
          } as Column<BreakdownItem>,
        ]
      : []),
    {
      id: 'runs',
      title: 'Runs',
      numeric: true,
      sortValue: i => i.runs,
      render: i => i.runs,
    },
    {
      id: 'ticketsAvoided',
      title: 'Tickets avoided',
      numeric: true,
      sortValue: i => i.ticketsAvoided,
      render: i => i.ticketsAvoided,
    },
    {
      id: 'planned',
      title: 'Planned',
      numeric: true,
      sortValue: i => i.planned,
      render: i => i.planned,
    },
    {
      id: 'denied',
      title: 'Denied',
      numeric: true,
      sortValue: i => i.denied,
      render: i => i.denied,
    },
    {
      id: 'failureRate',
      title: 'Failure rate',
      numeric: true,
      sortValue: i => i.failureRate,
      render: i => formatPercent(i.failureRate),
    },
    {
      id: 'opsHoursSaved',
      title: 'Ops hours',
      numeric: true,
      nowrap: true,
      sortValue: i => i.opsHoursSaved,
      render: i => formatWorkHours(i.opsHoursSaved),
    },
    {
      id: 'developerWaitHoursSaved',
      title: 'Wait saved (working h)',
      numeric: true,
      nowrap: true,
      sortValue: i => i.developerWaitHoursSaved,
      render: i => formatWorkHours(i.developerWaitHoursSaved),
    },
    {
      id: 'moneySaved',
      title: 'Money saved',
      numeric: true,
      nowrap: true,
      sortValue: i => i.moneySaved,
      render: i => formatMoney(i.moneySaved, currency),
    },
    {
      id: 'medianProvisionSeconds',
      title: 'Median provision',
      numeric: true,
      nowrap: true,
      sortValue: i => i.medianProvisionSeconds,
      render: i => formatSeconds(i.medianProvisionSeconds),
    },
    {
      id: 'lastRunAt',
      title: 'Last run',
      nowrap: true,
      sortValue: i => i.lastRunAt,
      render: i => i.lastRunAt.slice(0, 10),
    },
  ];
  return (
    <InfoCard
      title={title}
      subheader={`${
        onSelect
          ? `Click a row to show only that ${
              by === 'template' ? 'template' : 'team'
            }. `
          : ''
      }${
        by === 'template'
          ? 'Hours and money use the baseline named in each row.'
          : 'Hours and money use the ticket baselines listed under “Ticket baselines used”.'
      }`}
      noPadding
    >
      <SortableTable<BreakdownItem>
        label={title}
        testId={`gp-table-${by}`}
        columns={columns}
        rows={props.items}
        rowKey={key}
        defaultSort={{ column: 'opsHoursSaved', direction: 'desc' }}
        onRowClick={onSelect ? i => onSelect(key(i)) : undefined}
        pageSize={10}
      />
    </InfoCard>
  );
}
