import { InfoCard, Progress } from '@backstage/core-components';
import type {
  LeakedTicket,
  TicketSource,
} from '@golden-path/plugin-golden-path-common';
import { LeakageResponse } from '@golden-path/plugin-golden-path-common/client';
import Typography from '@material-ui/core/Typography';
import { formatCount, shortRef } from '../../format';
import { Column, SortableTable } from '../SortableTable';

export const SOURCE_LABELS: Record<TicketSource, string> = {
  jira: 'Jira',
  github: 'GitHub',
  'csv-jira': 'Jira CSV',
  'csv-servicenow': 'ServiceNow CSV',
};

/** Tickets still opened per team, with how many of each type. */
export interface TeamLeakage {
  team: string;
  tickets: number;
  byType: Array<{ ticketType: string; tickets: number }>;
}

/** The backend's per team and type counts folded per team, most tickets first. */
export function leakageByTeam(
  byTeam: LeakageResponse['byTeam'],
): TeamLeakage[] {
  const teams = new Map<string, TeamLeakage>();
  for (const row of byTeam) {
    const team = teams.get(row.team) ?? {
      team: row.team,
      tickets: 0,
      byType: [],
    };
    team.tickets += row.tickets;
    team.byType.push({ ticketType: row.ticketType, tickets: row.tickets });
    teams.set(row.team, team);
  }
  return [...teams.values()]
    .map(t => ({
      ...t,
      byType: t.byType.sort(
        (a, b) =>
          b.tickets - a.tickets || a.ticketType.localeCompare(b.ticketType),
      ),
    }))
    .sort((a, b) => b.tickets - a.tickets || a.team.localeCompare(b.team));
}

const teamColumns: Column<TeamLeakage>[] = [
  {
    id: 'team',
    title: 'Team',
    nowrap: true,
    sortValue: t => t.team,
    render: t => shortRef(t.team),
  },
  {
    id: 'tickets',
    title: 'Tickets',
    numeric: true,
    sortValue: t => t.tickets,
    render: t => t.tickets,
  },
  {
    id: 'byType',
    title: 'By ticket type',
    render: t =>
      t.byType.map(b => `${b.ticketType} ${formatCount(b.tickets)}`).join(', '),
  },
];

const ticketColumns: Column<LeakedTicket>[] = [
  {
    id: 'externalId',
    title: 'Ticket',
    nowrap: true,
    sortValue: t => t.externalId,
    render: t => t.externalId,
  },
  {
    id: 'ticketType',
    title: 'Type',
    sortValue: t => t.ticketType,
    render: t => t.ticketType,
  },
  {
    id: 'source',
    title: 'Source',
    nowrap: true,
    sortValue: t => SOURCE_LABELS[t.source] ?? t.source,
    render: t => SOURCE_LABELS[t.source] ?? t.source,
  },
  {
    id: 'reporterTeam',
    title: 'Reporter’s team',
    nowrap: true,
    sortValue: t => t.reporterTeam,
    render: t => shortRef(t.reporterTeam),
  },
  {
    id: 'createdAt',
    title: 'Opened',
    nowrap: true,
    sortValue: t => t.createdAt,
    render: t => t.createdAt.slice(0, 10),
  },
];

/**
 * Tickets opened in the period for a type whose Golden Path already existed, and the teams that
 * opened them: who still goes to the queue.
 */
export function LeakageCard(props: {
  leakage: LeakageResponse | undefined;
  loading: boolean;
  error?: Error;
}) {
  const l = props.leakage;
  return (
    <InfoCard
      title="Tickets still opened after a path existed"
      subheader={
        l
          ? `${formatCount(l.items.length)} ticket${
              l.items.length === 1 ? '' : 's'
            } in the period from ${formatCount(
              leakageByTeam(l.byTeam).length,
            )} team(s)`
          : undefined
      }
      noPadding
    >
      <div data-testid="gp-leakage">
        {props.loading && <Progress />}
        {props.error && (
          <Typography variant="body2" style={{ padding: 16 }}>
            Leaked tickets could not be loaded ({props.error.message}).
          </Typography>
        )}
        {l && !l.items.length && (
          <Typography variant="body2" style={{ padding: 16 }}>
            No tickets were opened in this period for a type that already had a
            Golden Path.
          </Typography>
        )}
        {l && l.items.length > 0 && (
          <>
            <Typography variant="subtitle2" style={{ padding: '8px 16px 0' }}>
              By team
            </Typography>
            <SortableTable<TeamLeakage>
              label="Leaked tickets by team"
              testId="gp-leakage-teams"
              columns={teamColumns}
              rows={leakageByTeam(l.byTeam)}
              rowKey={t => t.team}
              defaultSort={{ column: 'tickets', direction: 'desc' }}
            />
            <Typography variant="subtitle2" style={{ padding: '16px 16px 0' }}>
              Tickets
            </Typography>
            <SortableTable<LeakedTicket>
              label="Leaked tickets"
              testId="gp-leakage-tickets"
              columns={ticketColumns}
              rows={l.items}
              rowKey={t => `${t.source}:${t.externalId}`}
              defaultSort={{ column: 'createdAt', direction: 'desc' }}
              pageSize={20}
            />
          </>
        )}
      </div>
    </InfoCard>
  );
}
