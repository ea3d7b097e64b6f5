import {
  InfoCard,
  Link,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import {
  ExceptionItem,
  ExceptionsQuery,
} from '@golden-path/plugin-golden-path-common/client';
import Tab from '@material-ui/core/Tab';
import Tabs from '@material-ui/core/Tabs';
import Typography from '@material-ui/core/Typography';
import { useSearchParams } from 'react-router-dom';
import useAsync from 'react-use/esm/useAsync';
import { goldenPathApiRef } from '../../api/GoldenPathApi';
import { Column, SortableTable } from '../impact/SortableTable';
import { budgetImpact, money, shortRef, STATUS_LABELS } from './format';

const TABS = [
  'pending',
  'approved',
  'denied',
  'used',
  'expired',
  'all',
] as const;
type TabName = (typeof TABS)[number];

const columns: Column<ExceptionItem>[] = [
  {
    id: 'resource',
    title: 'Resource',
    sortValue: e => `${e.kind} ${e.name} ${e.environment}`,
    render: e => (
      <Link to={e.id} data-testid={`gp-exception-${e.id}`}>
        {e.kind} “{e.name}” in {e.environment}
      </Link>
    ),
  },
  {
    id: 'rules',
    title: 'Rules',
    sortValue: e => e.ruleIds.join(', '),
    render: e => e.ruleIds.join(', '),
  },
  {
    id: 'requester',
    title: 'Requester',
    nowrap: true,
    sortValue: e => shortRef(e.requester),
    render: e => shortRef(e.requester),
  },
  {
    id: 'owner',
    title: 'Owner',
    nowrap: true,
    sortValue: e => shortRef(e.owner),
    render: e => shortRef(e.owner),
  },
  {
    id: 'cost',
    title: 'Cost',
    numeric: true,
    nowrap: true,
    sortValue: e => e.monthlyCost,
    render: e => `${money(e.monthlyCost, e.currency)}/month`,
  },
  { id: 'budget', title: 'Team budget', render: e => budgetImpact(e) },
  {
    id: 'days',
    title: 'Days',
    numeric: true,
    sortValue: e => e.durationDays,
    render: e => e.durationDays,
  },
  {
    id: 'status',
    title: 'Status',
    sortValue: e => STATUS_LABELS[e.status],
    render: e => STATUS_LABELS[e.status],
  },
  {
    id: 'createdAt',
    title: 'Asked',
    nowrap: true,
    sortValue: e => e.createdAt,
    render: e => new Date(e.createdAt).toLocaleString(),
  },
  {
    id: 'action',
    title: 'Action',
    render: e =>
      e.canDecide ? (
        <Link to={e.id} aria-label={`Decide on ${e.kind} ${e.name}`}>
          Decide
        </Link>
      ) : null,
  },
];

/** Exceptions by status (the status lives in the URL), newest first. */
export function ExceptionList() {
  const api = useApi(goldenPathApiRef);
  const [search, setSearch] = useSearchParams();
  const tab = (TABS.find(t => t === search.get('status')) ??
    'pending') as TabName;
  const query: ExceptionsQuery = tab === 'all' ? {} : { status: tab };
  const list = useAsync(() => api.listExceptions(query), [api, tab]);
  const title = `${tab === 'all' ? 'All' : STATUS_LABELS[tab]} exceptions`;
  return (
    <>
      <Tabs
        value={tab}
        onChange={(_, value) => setSearch({ status: value })}
        aria-label="Exception status"
        indicatorColor="primary"
      >
        {TABS.map(t => (
          <Tab
            key={t}
            value={t}
            label={t === 'all' ? 'All' : STATUS_LABELS[t]}
          />
        ))}
      </Tabs>
      {list.error && (
        <ResponseErrorPanel
          error={list.error}
          title="Could not load exceptions"
        />
      )}
      {list.loading && <Progress />}
      {list.value && (
        <InfoCard title={title} noPadding>
          {list.value.items.length ? (
            <SortableTable<ExceptionItem>
              label={title}
              testId="gp-exceptions-table"
              columns={columns}
              rows={list.value.items}
              rowKey={e => e.id}
              defaultSort={{ column: 'createdAt', direction: 'desc' }}
            />
          ) : (
            <Typography
              variant="body2"
              style={{ padding: 16 }}
              data-testid="gp-exceptions-empty"
            >
              No {tab === 'all' ? '' : tab} exceptions.
            </Typography>
          )}
        </InfoCard>
      )}
    </>
  );
}
