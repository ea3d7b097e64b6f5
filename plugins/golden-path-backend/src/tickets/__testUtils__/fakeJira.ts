/*
 * A local HTTP server answering as Jira Cloud's REST API v3 does for what the ticket source reads:
 * `GET /rest/api/3/myself`, the enhanced JQL search `GET|POST /rest/api/3/search/jql`
 * (`nextPageToken` paging, `fields`, `expand=changelog`) and `GET /rest/api/3/issue/{key}/changelog`.
 * Every request must carry the configured Basic credentials (401 otherwise, as Jira answers).
 */
import http from 'node:http';
import { AddressInfo } from 'node:net';
import { instantOfLocal } from '../dates';

/** One issue as the stand-in keeps it. Times are ISO-8601 with an offset, as Jira writes them. */
export interface FakeJiraIssue {
  key: string;
  /** The JQL (as configured) whose search returns it. */
  jql: string;
  summary: string;
  description?: string;
  issueType: string;
  status: string;
  created: string;
  updated: string;
  resolutiondate?: string | null;
  timespent?: number | null;
  reporter?: { displayName: string; emailAddress?: string };
  /** Status changes, oldest first. */
  transitions: Array<{ at: string; from: string; to: string }>;
}

export interface FakeJiraRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  authorized: boolean;
}

/** `2026-03-02T10:15:00.000+0100`: Jira's own form of a time. */
export function jiraTime(iso: string, offset = '+0000'): string {
  const ms = Date.parse(iso);
  const sign = offset.startsWith('-') ? -1 : 1;
  const minutes =
    sign * (Number(offset.slice(1, 3)) * 60 + Number(offset.slice(3, 5)));
  const local = new Date(ms + minutes * 60_000).toISOString().slice(0, 23);
  return `${local}${offset}`;
}

const ALL_FIELDS = [
  'summary',
  'description',
  'issuetype',
  'status',
  'created',
  'updated',
  'resolutiondate',
  'timespent',
  'reporter',
];

export async function startFakeJira(options: {
  email: string;
  apiToken: string;
  /** The API user's zone: JQL dates are read in it. */
  timeZone?: string;
  /** Histories returned inline per issue by the search (Jira cuts long ones short). */
  inlineHistories?: number;
}) {
  const timeZone = options.timeZone ?? 'UTC';
  const issues: FakeJiraIssue[] = [];
  const requests: FakeJiraRequest[] = [];
  const expected = `Basic ${Buffer.from(
    `${options.email}:${options.apiToken}`,
  ).toString('base64')}`;
  let baseUrl = '';

  const send = (res: http.ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  const histories = (issue: FakeJiraIssue) =>
    issue.transitions.map((t, i) => ({
      id: String(10000 + i),
      author: { displayName: 'Ops Agent', accountId: 'ops-1' },
      created: t.at,
      items: [
        {
          field: 'status',
          fieldtype: 'jira',
          fieldId: 'status',
          from: '1',
          fromString: t.from,
          to: '3',
          toString: t.to,
        },
      ],
    }));

  function view(issue: FakeJiraIssue, fields: string[], changelog: boolean) {
    const all: Record<string, unknown> = {
      summary: issue.summary,
      description: issue.description
        ? {
            type: 'doc',
            version: 1,
            content: [
              {
                type: 'paragraph',
                content: [{ type: 'text', text: issue.description }],
              },
            ],
          }
        : null,
      issuetype: { name: issue.issueType },
      status: { name: issue.status },
      created: issue.created,
      updated: issue.updated,
      resolutiondate: issue.resolutiondate ?? null,
      timespent: issue.timespent ?? null,
      reporter: issue.reporter
        ? { accountId: `acc-${issue.reporter.displayName}`, ...issue.reporter }
        : null,
    };
    const wanted =
      fields.includes('*all') || fields.includes('*navigable')
        ? ALL_FIELDS
        : fields;
    const out: Record<string, unknown> = {
      id: issue.key.replace(/\D/g, ''),
      key: issue.key,
      self: `${baseUrl}/rest/api/3/issue/${issue.key}`,
      fields: Object.fromEntries(
        wanted.filter(f => f in all).map(f => [f, all[f]]),
      ),
    };
    if (changelog) {
      const list = histories(issue);
      // Jira returns the newest histories inline, newest first.
      const kept = options.inlineHistories ?? list.length;
      const inline = list.slice(Math.max(0, list.length - kept)).reverse();
      out.changelog = {
        startAt: 0,
        maxResults: inline.length,
        total: list.length,
        histories: list.length ? inline : [],
      };
    }
    return out;
  }

  /** The JQL the client sends: `(<configured>) [AND updated >= "yyyy/MM/dd HH:mm"] ORDER BY updated ASC`. */
  function search(jql: string): FakeJiraIssue[] | string {
    const m =
      /^\((.+)\)(?: AND updated >= "(\d{4})\/(\d{2})\/(\d{2}) (\d{2}):(\d{2})")? ORDER BY updated ASC$/.exec(
        jql,
      );
    if (!m)
      return `Error in the JQL Query: the stand-in does not read "${jql}"`;
    const from =
      m[2] === undefined
        ? undefined
        : instantOfLocal(
            Date.UTC(+m[2], +m[3] - 1, +m[4], +m[5], +m[6]),
            timeZone,
          );
    return issues
      .filter(i => i.jql === m[1])
      .filter(i => from === undefined || Date.parse(i.updated) >= from)
      .sort(
        (a, b) =>
          Date.parse(a.updated) - Date.parse(b.updated) ||
          a.key.localeCompare(b.key),
      );
  }

  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', c => (raw += c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const query = Object.fromEntries(url.searchParams);
      const authorized = req.headers.authorization === expected;
      requests.push({
        method: req.method ?? 'GET',
        path: url.pathname,
        query,
        authorized,
      });
      if (!authorized)
        return send(res, 401, {
          errorMessages: [
            'You are not authenticated. Authentication required to perform this operation.',
          ],
          errors: {},
        });
      if (req.method === 'GET' && url.pathname === '/rest/api/3/myself')
        return send(res, 200, {
          self: `${baseUrl}/rest/api/3/user?accountId=api-1`,
          accountId: 'api-1',
          accountType: 'atlassian',
          emailAddress: options.email,
          displayName: 'Golden Path reader',
          active: true,
          timeZone,
          locale: 'en_US',
        });
      if (url.pathname === '/rest/api/3/search/jql') {
        const params =
          req.method === 'POST' ? JSON.parse(raw || '{}') : { ...query };
        const fields: string[] = Array.isArray(params.fields)
          ? params.fields
          : String(params.fields ?? 'id')
              .split(',')
              .filter(Boolean);
        const found = search(String(params.jql ?? ''));
        if (typeof found === 'string')
          return send(res, 400, { errorMessages: [found], errors: {} });
        const size = Math.min(Number(params.maxResults ?? 50) || 50, 5000);
        const start = params.nextPageToken
          ? Number(Buffer.from(params.nextPageToken, 'base64url').toString())
          : 0;
        const page = found.slice(start, start + size);
        const more = start + size < found.length;
        return send(res, 200, {
          issues: page.map(i =>
            view(
              i,
              fields,
              String(params.expand ?? '')
                .split(',')
                .includes('changelog'),
            ),
          ),
          ...(more && {
            nextPageToken: Buffer.from(String(start + size)).toString(
              'base64url',
            ),
          }),
          isLast: !more,
        });
      }
      const changelog = /^\/rest\/api\/3\/issue\/([^/]+)\/changelog$/.exec(
        url.pathname,
      );
      if (req.method === 'GET' && changelog) {
        const issue = issues.find(i => i.key === changelog[1]);
        if (!issue)
          return send(res, 404, {
            errorMessages: [
              'Issue does not exist or you do not have permission to see it.',
            ],
            errors: {},
          });
        const list = histories(issue);
        const startAt = Number(query.startAt ?? 0);
        const max = Number(query.maxResults ?? 100);
        const values = list.slice(startAt, startAt + max);
        return send(res, 200, {
          self: `${baseUrl}${url.pathname}`,
          maxResults: max,
          startAt,
          total: list.length,
          isLast: startAt + max >= list.length,
          values,
        });
      }
      return send(res, 404, {
        errorMessages: [`No stand-in for ${req.method} ${url.pathname}`],
        errors: {},
      });
    });
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: baseUrl,
    issues,
    requests,
    /** Adds an issue, or replaces the one with its key. */
    put(issue: FakeJiraIssue) {
      const i = issues.findIndex(x => x.key === issue.key);
      if (i >= 0) issues[i] = issue;
      else issues.push(issue);
    },
    close: () => new Promise<void>(resolve => server.close(() => resolve())),
  };
}

export type FakeJira = Awaited<ReturnType<typeof startFakeJira>>;
