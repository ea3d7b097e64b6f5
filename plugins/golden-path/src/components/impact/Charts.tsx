import { InfoCard } from '@backstage/core-components';
import { useTheme } from '@material-ui/core/styles';
import {
  Area,
  AreaChart,
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import {
  SummaryResponse,
  TimeseriesItem,
} from '@golden-path/plugin-golden-path-common/client';
import { formatPercent, formatWorkHours, shortRef } from '../format';

const PALETTE = [
  '#1f77b4',
  '#ff7f0e',
  '#2ca02c',
  '#d62728',
  '#9467bd',
  '#8c564b',
  '#e377c2',
  '#7f7f7f',
  '#bcbd22',
  '#17becf',
];
const day = (iso: string) => iso.slice(0, 10);

/**
 * Legend labels in the text colour (Recharts colours them like their series, and series colours as
 * text fall below 4.5:1 on white). Recharts finds its Legend by type, so this is a formatter.
 */
const readableLegend = (color: string) => (value: string) =>
  <span style={{ color }}>{value}</span>;

/** Runs per bucket, stacked by template. */
export function RunsChart({
  items,
  bucket,
}: {
  items: TimeseriesItem[];
  bucket: string;
}) {
  const theme = useTheme();
  const templates = [
    ...new Set(items.flatMap(i => Object.keys(i.byTemplate))),
  ].sort();
  const data = items.map(i => ({
    start: day(i.start),
    ...Object.fromEntries(
      templates.map(t => [shortRef(t), i.byTemplate[t] ?? 0]),
    ),
  }));
  return (
    <InfoCard title={`Runs per ${bucket}, by template`}>
      <div data-testid="gp-chart-runs" style={{ width: '100%', height: 280 }}>
        <ResponsiveContainer>
          <BarChart data={data}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="start" />
            <YAxis allowDecimals={false} />
            <Tooltip />
            <Legend formatter={readableLegend(theme.palette.text.primary)} />
            {templates.map((t, i) => (
              <Bar
                key={t}
                dataKey={shortRef(t)}
                stackId="runs"
                fill={PALETTE[i % PALETTE.length]}
                isAnimationActive={false}
              />
            ))}
          </BarChart>
        </ResponsiveContainer>
      </div>
    </InfoCard>
  );
}

/** Ops hours and developer wait saved, accumulated over the period. */
export function CumulativeHoursChart({ items }: { items: TimeseriesItem[] }) {
  const theme = useTheme();
  let ops = 0;
  let wait = 0;
  const data = items.map(i => {
    ops += i.opsHoursSaved;
    wait += i.developerWaitHoursSaved;
    return {
      start: day(i.start),
      'Ops hours returned': Math.round(ops * 10) / 10,
      'Developer wait saved (working h)': Math.round(wait * 10) / 10,
    };
  });
  return (
    <InfoCard
      title="Hours saved, cumulative"
      subheader="From the ticket baselines listed under “Ticket baselines used”"
    >
      <div data-testid="gp-chart-hours" style={{ width: '100%', height: 280 }}>
        <ResponsiveContainer>
          <AreaChart data={data}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="start" />
            <YAxis />
            <Tooltip formatter={(v: number) => formatWorkHours(v)} />
            <Legend formatter={readableLegend(theme.palette.text.primary)} />
            <Area
              type="monotone"
              dataKey="Developer wait saved (working h)"
              stroke={PALETTE[0]}
              fill={PALETTE[0]}
              fillOpacity={0.2}
              isAnimationActive={false}
            />
            <Area
              type="monotone"
              dataKey="Ops hours returned"
              stroke={PALETTE[2]}
              fill={PALETTE[2]}
              fillOpacity={0.4}
              isAnimationActive={false}
            />
          </AreaChart>
        </ResponsiveContainer>
      </div>
    </InfoCard>
  );
}

/** Share of ops capacity spent on tickets had every run been a ticket, and what is left. */
export function TicketOpsShareChart({ summary }: { summary: SummaryResponse }) {
  const theme = useTheme();
  const share = summary.ticketOpsShare;
  const data = [
    {
      name: 'Before (as tickets)',
      share: share.before * 100,
      hours: share.ticketHoursBefore,
    },
    {
      name: 'After (Golden Paths)',
      share: share.after * 100,
      hours: share.ticketHoursAfter,
    },
  ];
  return (
    <InfoCard
      title="TicketOps share of ops capacity"
      subheader={`${formatWorkHours(
        share.capacityHours,
      )} of ops capacity in the period; ticket hours from the ticket baselines used`}
    >
      <div data-testid="gp-chart-share" style={{ width: '100%', height: 280 }}>
        <ResponsiveContainer>
          <BarChart data={data} layout="vertical" margin={{ left: 40 }}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis
              type="number"
              unit="%"
              domain={[0, (max: number) => Math.max(100, Math.ceil(max))]}
            />
            <YAxis type="category" dataKey="name" width={150} />
            <Tooltip
              formatter={(v: number, _n, item: any) =>
                `${formatPercent(v / 100)} (${formatWorkHours(
                  item.payload.hours,
                )})`
              }
            />
            <Bar
              dataKey="share"
              fill={theme.palette.primary.main}
              isAnimationActive={false}
            />
          </BarChart>
        </ResponsiveContainer>
      </div>
    </InfoCard>
  );
}
