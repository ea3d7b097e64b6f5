import { Table, TableColumn } from '@backstage/core-components';
import { BreakdownItem } from '@golden-path/plugin-golden-path-common/client';
import {
  formatHours,
  formatWorkHours,
  formatMoney,
  formatPercent,
  formatSeconds,
  shortRef,
} from '../format';

/** Per-template or per-team figures of a period; every column sorts; a row click narrows the page to it. */
export function BreakdownTable(props: {
  by: 'template' | 'owner';
  items: BreakdownItem[];
  currency: string;
  onSelect?: (ref: string) => void;
}) {
  const { by, currency } = props;
  const key = (i: BreakdownItem) =>
    (by === 'template' ? i.template : i.owner) ?? '';
  const columns: TableColumn<BreakdownItem>[] = [
    {
      title: by === 'template' ? 'Template' : 'Team',
      field: by,
      highlight: true,
      cellStyle: { whiteSpace: 'nowrap' },
      render: i => shortRef(key(i)),
      customSort: (a, b) => key(a).localeCompare(key(b)),
    },
    ...(by === 'template'
      ? [
          {
            title: 'Replaces ticket',
            field: 'ticketType',
          } as TableColumn<BreakdownItem>,
        ]
      : []),
    { title: 'Runs', field: 'runs', type: 'numeric' },
    { title: 'Tickets avoided', field: 'ticketsAvoided', type: 'numeric' },
    { title: 'Planned', field: 'planned', type: 'numeric' },
    { title: 'Denied', field: 'denied', type: 'numeric' },
    {
      title: 'Failure rate',
      field: 'failureRate',
      type: 'numeric',
      render: i => formatPercent(i.failureRate),
    },
    {
      title: 'Ops hours',
      field: 'opsHoursSaved',
      type: 'numeric',
      defaultSort: 'desc',
      render: i => formatWorkHours(i.opsHoursSaved),
    },
    {
      title: 'Wait saved',
      field: 'developerWaitHoursSaved',
      type: 'numeric',
      render: i => formatHours(i.developerWaitHoursSaved),
    },
    {
      title: 'Money saved',
      field: 'moneySaved',
      type: 'numeric',
      render: i => formatMoney(i.moneySaved, currency),
    },
    {
      title: 'Median provision',
      field: 'medianProvisionSeconds',
      type: 'numeric',
      render: i => formatSeconds(i.medianProvisionSeconds),
    },
    {
      title: 'Last run',
      field: 'lastRunAt',
      type: 'datetime',
      render: i => i.lastRunAt.slice(0, 10),
    },
  ];
  return (
    <div data-testid={`gp-table-${by}`}>
      <Table<BreakdownItem>
        title={by === 'template' ? 'By template' : 'By owning team'}
        options={{
          paging: props.items.length > 10,
          pageSize: 10,
          search: false,
          padding: 'dense',
        }}
        subtitle={
          props.onSelect
            ? `Click a row to show only that ${
                by === 'template' ? 'template' : 'team'
              }`
            : undefined
        }
        columns={columns}
        data={props.items}
        onRowClick={
          props.onSelect
            ? (_event, item) => item && props.onSelect!(key(item))
            : undefined
        }
      />
    </div>
  );
}
