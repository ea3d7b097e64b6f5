import {
  Link,
  Progress,
  ResponseErrorPanel,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import {
  ExceptionItem,
  ExceptionsQuery,
} from '@golden-path/plugin-golden-path-common/client';
import Tab from '@material-ui/core/Tab';
import Tabs from '@material-ui/core/Tabs';
import { useSearchParams } from 'react-router-dom';
import useAsync from 'react-use/esm/useAsync';
import { goldenPathApiRef } from '../../api/GoldenPathApi';
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

const columns: TableColumn<ExceptionItem>[] = [
  {
    title: 'Resource',
    render: e => (
      <Link to={e.id} data-testid={`gp-exception-${e.id}`}>
        {e.kind} “{e.name}” in {e.environment}
      </Link>
    ),
  },
  { title: 'Rules', render: e => e.ruleIds.join(', ') },
  { title: 'Requester', render: e => shortRef(e.requester) },
  { title: 'Owner', render: e => shortRef(e.owner) },
  {
    title: 'Cost',
    render: e => `${money(e.monthlyCost, e.currency)}/month`,
  },
  { title: 'Team budget', render: e => budgetImpact(e) },
  { title: 'Days', field: 'durationDays' },
  { title: 'Status', render: e => STATUS_LABELS[e.status] },
  {
    title: 'Asked',
    render: e => new Date(e.createdAt).toLocaleString(),
  },
  {
    title: '',
    render: e => (e.canDecide ? <Link to={e.id}>Decide</Link> : null),
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
        <Table<ExceptionItem>
          title={`${tab === 'all' ? 'All' : STATUS_LABELS[tab]} exceptions`}
          options={{ paging: false, search: false, padding: 'dense' }}
          columns={columns}
          data={list.value.items}
          emptyContent={
            <div style={{ padding: 16 }} data-testid="gp-exceptions-empty">
              No {tab === 'all' ? '' : tab} exceptions.
            </div>
          }
        />
      )}
    </>
  );
}
