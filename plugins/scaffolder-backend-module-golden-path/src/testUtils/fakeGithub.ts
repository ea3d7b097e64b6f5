/*
 * A small HTTP server standing in for the GitHub REST API in tests: it implements the endpoints
 * the Golden Path GitHub actions use, keeps state (repos, teams, secrets, refs) and records every
 * request. Secrets are stored as received (sealed boxes); tests decrypt them with `secretKey`.
 */
import http from 'node:http';
import { AddressInfo } from 'node:net';
import sodium from 'libsodium-wrappers';
import {
  githubContract,
  GithubContract,
  invalidRequest,
  NOT_FOUND,
} from './githubContract';
import { Intercept } from './interception';

/** One request the fake GitHub received. @public */
export interface RecordedRequest {
  method: string;
  path: string;
  body: any;
  /** Request headers, lower-cased names (e.g. `x-github-api-version`). */
  headers: Record<string, string | string[] | undefined>;
  /** The operation of GitHub's API description it matched (`repos/create-in-org`), if any. */
  operationId?: string;
  /** The status the stand-in answered. */
  status?: number;
}

/**
 * One repository as the fake GitHub keeps it (what tests assert on through `FakeGithub.repos`).
 * @public
 */
export interface FakeGithubRepo {
  id: number;
  name: string;
  owner: string;
  description: string;
  visibility: string;
  default_branch: string;
  topics: string[];
  teams: Record<string, string>;
  rulesets: any[];
  protection?: any;
  security: Record<string, unknown>;
  commits: Array<{
    sha: string;
    tree: string;
    message: string;
    parents: string[];
  }>;
  trees: Record<string, any[]>;
  blobs: Record<string, string>;
  refs: Record<string, string>;
  secrets: Record<string, { encrypted_value: string; key_id: string }>;
  environments: Record<
    string,
    { secrets: Record<string, { encrypted_value: string; key_id: string }> }
  >;
}

/**
 * One issue as the fake GitHub keeps it (ticket sources read them). Times are ISO-8601.
 * @public
 */
export interface FakeGithubIssue {
  /** The issue number in its repository. */
  number: number;
  /** Issue text: GitHub returns it; a ticket reader must not keep it. */
  title: string;
  body?: string;
  /** The author's login. */
  user: string;
  /** Label names. */
  labels: string[];
  state: 'open' | 'closed';
  /** When it was opened, last changed and closed. */
  created_at: string;
  updated_at: string;
  closed_at?: string | null;
  /** Set on a pull request (the issues list returns pull requests too). */
  pull_request?: boolean;
  /** Events in order: `assigned`, `labeled`, `closed` … */
  events: Array<{
    event: string;
    actor: string;
    created_at: string;
    assignee?: string;
  }>;
}

/** The organisation, teams and injected faults of a fake GitHub. @public */
export interface FakeGithubOptions {
  org?: string;
  teams?: string[];
  /** The branch GitHub names as default for new repositories (an org setting). Default `main`. */
  defaultBranch?: string;
  /**
   * The organisation's plan: `free` protects no private repository (rulesets and branch
   * protection answer 403), `team` does, `enterprise` also allows `internal` visibility (and is
   * held to the Enterprise Cloud description). Default `team`.
   */
  plan?: 'free' | 'team' | 'enterprise';
  /** Whether private repositories get secret scanning (GitHub Advanced Security). Default: on `enterprise`. */
  advancedSecurity?: boolean;
  /** Whether `GET /orgs/{org}` shows the plan (GitHub shows it to organisation owners). Default true. */
  revealPlan?: boolean;
  /**
   * Hold every request and answer to GitHub's published OpenAPI description (default
   * `api.github.com`; `ghec` for Enterprise Cloud), or `false` to skip (needs `@octokit/openapi`).
   */
  contract?: 'api.github.com' | 'ghec' | false;
  /**
   * Statuses GitHub really answers but its description does not list, matched against
   * "status METHOD path" (e.g. 403 POST /repos/acme/x/rulesets); justify each where it is used.
   */
  undocumented?: RegExp[];
  /** Status to answer instead, by "METHOD /path" regexp source (e.g. rulesets refused on a free plan). */
  faults?: Array<{
    match: RegExp;
    status: number;
    message?: string;
    times?: number;
  }>;
  /** Decides, per request, whether it is answered, or dropped before or after it is handled. */
  intercept?: Intercept<RecordedRequest>;
}

/** The contract an answer is held to, set per request. */
const CHECK = Symbol('contract check');
type Checked = http.ServerResponse & {
  [CHECK]?: (
    status: number,
    body: unknown,
  ) => { status: number; body: unknown };
};

const json = (res: http.ServerResponse, status: number, body?: unknown) => {
  const checked = (res as Checked)[CHECK]?.(status, body) ?? { status, body };
  res.writeHead(checked.status, { 'content-type': 'application/json' });
  res.end(
    checked.body === undefined || checked.status === 204
      ? ''
      : JSON.stringify(checked.body),
  );
};

/**
 * Starts a fake GitHub REST API on a free local port (pass its `url` as the GitHub API base URL).
 * @public
 */
export async function startFakeGithub(options: FakeGithubOptions = {}) {
  await sodium.ready;
  const keyPair = sodium.crypto_box_keypair();
  const publicKey = {
    key_id: 'key-1',
    key: sodium.to_base64(keyPair.publicKey, sodium.base64_variants.ORIGINAL),
  };
  const org = options.org ?? 'acme';
  const plan = options.plan ?? 'team';
  const defaultBranch = options.defaultBranch ?? 'main';
  const advancedSecurity = options.advancedSecurity ?? plan === 'enterprise';
  /** GitHub's answer when a plan does not include a feature for private repositories. */
  const UPGRADE = {
    message:
      'Upgrade to GitHub Pro or make this repository public to enable this feature.',
    documentation_url: 'https://docs.github.com/rest',
  };
  const planLimited = (repo: FakeGithubRepo) =>
    plan === 'free' && repo.visibility !== 'public';
  let baseUrl = '';
  let currentPath = '';
  let currentQuery = new URLSearchParams();
  /** A page of a list, with GitHub's Link header for the next one (the other query parameters kept). */
  const paged = <T>(
    res: http.ServerResponse,
    query: URLSearchParams,
    items: T[],
    wrap: (page: T[]) => unknown = page => page,
  ) => {
    const perPage = Math.min(Number(query.get('per_page') ?? 30) || 30, 100);
    const page = Math.max(Number(query.get('page') ?? 1) || 1, 1);
    const slice = items.slice((page - 1) * perPage, page * perPage);
    if (page * perPage < items.length) {
      const next = new URLSearchParams(query);
      next.set('per_page', String(perPage));
      next.set('page', String(page + 1));
      res.setHeader('link', `<${baseUrl}${currentPath}?${next}>; rel="next"`);
    }
    return json(res, 200, wrap(slice));
  };
  const teams = new Set(options.teams ?? ['payments', 'platform', 'checkout']);
  const repos = new Map<string, FakeGithubRepo>();
  const issues = new Map<string, FakeGithubIssue[]>();
  const requests: RecordedRequest[] = [];
  const faults = [...(options.faults ?? [])];
  const contract: GithubContract | undefined =
    options.contract === false
      ? undefined
      : githubContract(
          options.contract ??
            (plan === 'enterprise' ? 'ghec' : 'api.github.com'),
        );
  let nextId = 1000;
  let shaCounter = 0;
  const sha = () => (++shaCounter).toString(16).padStart(40, '0');

  const repoOf = (owner: string, name: string) =>
    repos.get(`${owner}/${name}`.toLowerCase());

  const routes: Array<
    [string, RegExp, (m: string[], body: any, res: http.ServerResponse) => void]
  > = [
    [
      'GET',
      /^\/orgs\/([^/]+)$/,
      ([o], _b, res) =>
        o === org
          ? json(res, 200, {
              login: org,
              // GitHub shows the plan to organisation owners only.
              ...(options.revealPlan !== false && {
                plan: { name: plan, space: 976562499, private_repos: 999999 },
              }),
            })
          : json(res, 404, { message: 'Not Found' }),
    ],
    [
      'GET',
      /^\/orgs\/([^/]+)\/teams\/([^/]+)$/,
      ([o, t], _b, res) =>
        o === org && teams.has(t)
          ? json(res, 200, { slug: t, name: t, id: 1 })
          : json(res, 404, { message: 'Not Found' }),
    ],
    [
      'POST',
      /^\/orgs\/([^/]+)\/repos$/,
      ([o], b, res) => {
        if (o !== org) return json(res, 404, { message: 'Not Found' });
        if (repoOf(o, b.name))
          return json(res, 422, {
            message: 'Repository creation failed.',
            errors: [{ message: 'name already exists on this account' }],
          });
        const id = nextId++;
        const commit = sha();
        const repo: FakeGithubRepo = {
          id,
          name: b.name,
          owner: o,
          description: b.description ?? '',
          visibility: b.visibility ?? (b.private ? 'private' : 'public'),
          default_branch: defaultBranch,
          topics: [],
          teams: {},
          rulesets: [],
          security: {},
          commits: [
            {
              sha: commit,
              tree: 'root',
              message: 'Initial commit',
              parents: [],
            },
          ],
          trees: {},
          blobs: {},
          refs: { [`heads/${defaultBranch}`]: commit },
          secrets: {},
          environments: {},
        };
        repos.set(`${o}/${b.name}`.toLowerCase(), repo);
        return json(res, 201, view(repo));
      },
    ],
    [
      'GET',
      /^\/repos\/([^/]+)\/([^/]+)$/,
      ([o, r], _b, res) => {
        const repo = repoOf(o, r);
        return repo
          ? json(res, 200, view(repo))
          : json(res, 404, { message: 'Not Found' });
      },
    ],
    [
      'DELETE',
      /^\/repos\/([^/]+)\/([^/]+)$/,
      ([o, r], _b, res) => {
        if (!repoOf(o, r)) return json(res, 404, { message: 'Not Found' });
        repos.delete(`${o}/${r}`.toLowerCase());
        return json(res, 204);
      },
    ],
    [
      'PATCH',
      /^\/repos\/([^/]+)\/([^/]+)$/,
      ([o, r], b, res) =>
        withRepo(o, r, res, repo => {
          // Without Advanced Security a private repository keeps secret scanning off (GitHub
          // answers 200 and shows the status it kept).
          const allowed = repo.visibility === 'public' || advancedSecurity;
          for (const [feature, setting] of Object.entries<any>(
            b.security_and_analysis ?? {},
          ))
            repo.security[feature] = allowed ? setting : { status: 'disabled' };
          return json(res, 200, view(repo));
        }),
    ],
    [
      'PUT',
      /^\/repos\/([^/]+)\/([^/]+)\/topics$/,
      ([o, r], b, res) =>
        withRepo(o, r, res, repo => {
          repo.topics = b.names;
          return json(res, 200, { names: repo.topics });
        }),
    ],
    [
      'PUT',
      /^\/repos\/([^/]+)\/([^/]+)\/(vulnerability-alerts|automated-security-fixes)$/,
      ([o, r, what], _b, res) =>
        withRepo(o, r, res, repo => {
          repo.security[what] = true;
          return json(res, 204);
        }),
    ],
    [
      'PUT',
      /^\/orgs\/([^/]+)\/teams\/([^/]+)\/repos\/([^/]+)\/([^/]+)$/,
      ([_o, t, o, r], b, res) =>
        withRepo(o, r, res, repo => {
          if (!teams.has(t)) return json(res, 404, { message: 'Not Found' });
          repo.teams[t] = b.permission;
          return json(res, 204);
        }),
    ],
    [
      'GET',
      /^\/repos\/([^/]+)\/([^/]+)\/teams$/,
      ([o, r], _b, res) =>
        withRepo(o, r, res, repo =>
          paged(
            res,
            currentQuery,
            Object.entries(repo.teams).map(([slug, permission]) => ({
              slug,
              name: slug,
              permission,
            })),
          ),
        ),
    ],
    [
      'POST',
      /^\/repos\/([^/]+)\/([^/]+)\/rulesets$/,
      ([o, r], b, res) =>
        withRepo(o, r, res, repo => {
          if (planLimited(repo)) return json(res, 403, UPGRADE);
          repo.rulesets.push(b);
          return json(res, 201, { id: repo.rulesets.length, ...b });
        }),
    ],
    [
      'GET',
      /^\/repos\/([^/]+)\/([^/]+)\/rulesets$/,
      ([o, r], _b, res) =>
        withRepo(o, r, res, repo =>
          json(
            res,
            200,
            repo.rulesets.map((rs, i) => ({ id: i + 1, name: rs.name })),
          ),
        ),
    ],
    [
      'PUT',
      /^\/repos\/([^/]+)\/([^/]+)\/branches\/([^/]+)\/protection$/,
      ([o, r, branch], b, res) =>
        withRepo(o, r, res, repo => {
          if (!repo.refs[`heads/${branch}`])
            return json(res, 404, {
              message: 'Branch not found',
              documentation_url: 'https://docs.github.com/rest',
            });
          if (planLimited(repo)) return json(res, 403, UPGRADE);
          repo.protection = { branch, ...b };
          return json(res, 200, {
            url: `${baseUrl}/repos/${repo.owner}/${repo.name}/branches/${branch}/protection`,
          });
        }),
    ],
    [
      'GET',
      /^\/repos\/([^/]+)\/([^/]+)\/git\/ref\/(.+)$/,
      ([o, r, ref], _b, res) =>
        withRepo(o, r, res, repo =>
          repo.refs[ref]
            ? json(res, 200, {
                ref: `refs/${ref}`,
                object: { sha: repo.refs[ref], type: 'commit' },
              })
            : json(res, 404, { message: 'Not Found' }),
        ),
    ],
    [
      'POST',
      /^\/repos\/([^/]+)\/([^/]+)\/git\/blobs$/,
      ([o, r], b, res) =>
        withRepo(o, r, res, repo => {
          const s = sha();
          repo.blobs[s] =
            b.encoding === 'base64'
              ? Buffer.from(b.content, 'base64').toString('utf8')
              : b.content;
          return json(res, 201, { sha: s });
        }),
    ],
    [
      'POST',
      /^\/repos\/([^/]+)\/([^/]+)\/git\/trees$/,
      ([o, r], b, res) =>
        withRepo(o, r, res, repo => {
          const s = sha();
          repo.trees[s] = b.tree;
          return json(res, 201, { sha: s });
        }),
    ],
    [
      'POST',
      /^\/repos\/([^/]+)\/([^/]+)\/git\/commits$/,
      ([o, r], b, res) =>
        withRepo(o, r, res, repo => {
          const s = sha();
          repo.commits.push({
            sha: s,
            tree: b.tree,
            message: b.message,
            parents: b.parents,
          });
          return json(res, 201, { sha: s });
        }),
    ],
    [
      'PATCH',
      /^\/repos\/([^/]+)\/([^/]+)\/git\/refs\/(.+)$/,
      ([o, r, ref], b, res) =>
        withRepo(o, r, res, repo => {
          repo.refs[ref] = b.sha;
          return json(res, 200, { ref: `refs/${ref}`, object: { sha: b.sha } });
        }),
    ],
    [
      'GET',
      /^\/repos\/([^/]+)\/([^/]+)\/contents\/(.+)$/,
      ([o, r, file], _b, res) =>
        withRepo(o, r, res, repo => {
          // Newest commit first: the first tree that has the path wins (raw content, as Accept: raw asks).
          for (const commit of [...repo.commits].reverse()) {
            const entry = (repo.trees[commit.tree] ?? []).find(
              (e: any) => e.path === file,
            );
            if (entry) {
              res.writeHead(200, {
                'content-type': 'application/vnd.github.raw',
                etag: `"${entry.sha}"`,
              });
              return res.end(repo.blobs[entry.sha]);
            }
          }
          return json(res, 404, { message: 'Not Found' });
        }),
    ],
    [
      'GET',
      /^\/repos\/([^/]+)\/([^/]+)\/actions\/secrets\/public-key$/,
      ([o, r], _b, res) => withRepo(o, r, res, () => json(res, 200, publicKey)),
    ],
    [
      'PUT',
      /^\/repos\/([^/]+)\/([^/]+)\/actions\/secrets\/([^/]+)$/,
      ([o, r, name], b, res) =>
        withRepo(o, r, res, repo => {
          const existed = !!repo.secrets[name];
          repo.secrets[name] = {
            encrypted_value: b.encrypted_value,
            key_id: b.key_id,
          };
          return existed ? json(res, 204) : json(res, 201, {});
        }),
    ],
    [
      'GET',
      /^\/repos\/([^/]+)\/([^/]+)\/environments\/([^/]+)$/,
      ([o, r, env], _b, res) =>
        withRepo(o, r, res, repo =>
          repo.environments[env]
            ? json(res, 200, { name: env })
            : json(res, 404, { message: 'Not Found' }),
        ),
    ],
    [
      'GET',
      /^\/repos\/([^/]+)\/([^/]+)\/environments$/,
      ([o, r], _b, res) =>
        withRepo(o, r, res, repo => {
          const names = Object.keys(repo.environments);
          return paged(
            res,
            currentQuery,
            names.map((name, i) => ({ id: i + 1, name })),
            page => ({ total_count: names.length, environments: page }),
          );
        }),
    ],
    [
      'PUT',
      /^\/repos\/([^/]+)\/([^/]+)\/environments\/([^/]+)$/,
      ([o, r, env], _b, res) =>
        withRepo(o, r, res, repo => {
          repo.environments[env] ??= { secrets: {} };
          return json(res, 200, { name: env });
        }),
    ],
    [
      'GET',
      /^\/repos\/([^/]+)\/([^/]+)\/environments\/([^/]+)\/secrets\/public-key$/,
      ([o, r, env], _b, res) =>
        withRepo(o, r, res, repo =>
          repo.environments[env]
            ? json(res, 200, publicKey)
            : json(res, 404, { message: 'Not Found' }),
        ),
    ],
    [
      'PUT',
      /^\/repos\/([^/]+)\/([^/]+)\/environments\/([^/]+)\/secrets\/([^/]+)$/,
      ([o, r, env, name], b, res) =>
        withRepo(o, r, res, repo => {
          if (!repo.environments[env])
            return json(res, 404, { message: 'Not Found' });
          repo.environments[env].secrets[name] = {
            encrypted_value: b.encrypted_value,
            key_id: b.key_id,
          };
          return json(res, 201, {});
        }),
    ],
    [
      'GET',
      /^\/repos\/([^/]+)\/([^/]+)\/issues$/,
      ([o, r], _b, res) =>
        withRepo(o, r, res, () => {
          const q = currentQuery;
          const labels = (q.get('labels') ?? '')
            .split(',')
            .map(l => l.trim().toLowerCase())
            .filter(Boolean);
          const state = q.get('state') ?? 'open';
          const since = q.get('since');
          const key = (i: FakeGithubIssue) =>
            q.get('sort') === 'updated' ? i.updated_at : i.created_at;
          const asc = q.get('direction') === 'asc';
          const list = (issues.get(`${o}/${r}`.toLowerCase()) ?? [])
            .filter(i => state === 'all' || i.state === state)
            .filter(i =>
              labels.every(l => i.labels.map(x => x.toLowerCase()).includes(l)),
            )
            .filter(
              i => !since || Date.parse(i.updated_at) >= Date.parse(since),
            )
            .sort(
              (a, b) =>
                (Date.parse(key(a)) - Date.parse(key(b))) * (asc ? 1 : -1) ||
                (a.number - b.number) * (asc ? 1 : -1),
            );
          return paged(
            res,
            q,
            list.map(i => issueView(o, r, i)),
          );
        }),
    ],
    [
      'GET',
      /^\/repos\/([^/]+)\/([^/]+)\/issues\/(\d+)\/events$/,
      ([o, r, n], _b, res) =>
        withRepo(o, r, res, () => {
          const issue = (issues.get(`${o}/${r}`.toLowerCase()) ?? []).find(
            i => i.number === Number(n),
          );
          if (!issue) return json(res, 404, { message: 'Not Found' });
          return paged(
            res,
            currentQuery,
            issue.events.map((e, k) => eventView(o, r, issue, e, k)),
          );
        }),
    ],
  ];

  /** A simple-user as GitHub shows one (fields the description requires are completed by the contract). */
  const userView = (login: string) => ({
    login,
    id: [...login].reduce((h, c) => (h * 31 + c.charCodeAt(0)) % 1e6, 7),
    type: 'User',
    site_admin: false,
    html_url: `https://github.test/${login}`,
  });

  function issueView(o: string, r: string, i: FakeGithubIssue) {
    const url = `${baseUrl}/repos/${o}/${r}/issues/${i.number}`;
    return {
      id: 5000 + i.number,
      node_id: `I_${i.number}`,
      number: i.number,
      url,
      html_url: `https://github.test/${o}/${r}/issues/${i.number}`,
      repository_url: `${baseUrl}/repos/${o}/${r}`,
      labels_url: `${url}/labels{/name}`,
      comments_url: `${url}/comments`,
      events_url: `${url}/events`,
      title: i.title,
      body: i.body ?? null,
      user: userView(i.user),
      labels: i.labels.map((name, k) => ({
        id: k + 1,
        node_id: `L_${k + 1}`,
        url: `${baseUrl}/repos/${o}/${r}/labels/${encodeURIComponent(name)}`,
        name,
        color: 'ededed',
        default: false,
        description: null,
      })),
      state: i.state,
      locked: false,
      assignee: null,
      milestone: null,
      comments: 0,
      created_at: i.created_at,
      updated_at: i.updated_at,
      closed_at: i.closed_at ?? null,
      author_association: 'MEMBER',
      ...(i.pull_request && {
        pull_request: {
          url: `${baseUrl}/repos/${o}/${r}/pulls/${i.number}`,
          html_url: `https://github.test/${o}/${r}/pull/${i.number}`,
          diff_url: null,
          patch_url: null,
        },
      }),
    };
  }

  /** An issue event as GitHub shows one; `issue-event-for-issue` is a union, so each is completed as its own kind. */
  function eventView(
    o: string,
    r: string,
    issue: FakeGithubIssue,
    e: FakeGithubIssue['events'][number],
    k: number,
  ) {
    const base = {
      id: issue.number * 1000 + k,
      node_id: `E_${issue.number}_${k}`,
      url: `${baseUrl}/repos/${o}/${r}/issues/events/${
        issue.number * 1000 + k
      }`,
      actor: userView(e.actor),
      event: e.event,
      commit_id: null,
      commit_url: null,
      created_at: e.created_at,
      performed_via_github_app: null,
    };
    const kinds: Record<string, [string, Record<string, unknown>]> = {
      assigned: [
        'assigned-issue-event',
        {
          assignee: userView(e.assignee ?? e.actor),
          assigner: userView(e.actor),
        },
      ],
      unassigned: [
        'unassigned-issue-event',
        {
          assignee: userView(e.assignee ?? e.actor),
          assigner: userView(e.actor),
        },
      ],
      labeled: [
        'labeled-issue-event',
        { label: { name: issue.labels[0] ?? 'label', color: 'ededed' } },
      ],
    };
    const [schema, extra] = kinds[e.event] ?? ['state-change-issue-event', {}];
    const answer = { ...base, ...extra };
    return contract
      ? contract.complete({ $ref: `#/components/schemas/${schema}` }, answer)
      : answer;
  }

  function withRepo(
    o: string,
    r: string,
    res: http.ServerResponse,
    fn: (repo: FakeGithubRepo) => void,
  ) {
    const repo = repoOf(o, r);
    return repo ? fn(repo) : json(res, 404, { message: 'Not Found' });
  }

  function view(repo: FakeGithubRepo) {
    return {
      id: repo.id,
      name: repo.name,
      full_name: `${repo.owner}/${repo.name}`,
      owner: { login: repo.owner },
      description: repo.description,
      visibility: repo.visibility,
      private: repo.visibility !== 'public',
      default_branch: repo.default_branch,
      html_url: `https://github.test/${repo.owner}/${repo.name}`,
      clone_url: `https://github.test/${repo.owner}/${repo.name}.git`,
      topics: repo.topics,
      security_and_analysis: {
        secret_scanning: repo.security.secret_scanning ?? {
          status: 'disabled',
        },
        secret_scanning_push_protection: repo.security
          .secret_scanning_push_protection ?? { status: 'disabled' },
      },
    };
  }

  /**
   * Answers GitHub really gives that its description does not list: rulesets on a plan without
   * them answer 403 "Upgrade to GitHub Pro…", as branch protection (which documents it) does.
   */
  const UNDOCUMENTED = [/^403 POST \/repos\/[^/]+\/[^/]+\/rulesets$/];
  /** Answers of the stand-in that GitHub's description does not allow: a bug in the stand-in. */
  const violations: string[] = [];

  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', c => (raw += c));
    req.on('end', async () => {
      const [rawPath, rawQuery] = (req.url ?? '').split('?');
      const path = rawPath.replace(/^\/api\/v3/, '');
      const method = req.method ?? 'GET';
      let body: any;
      try {
        body = raw ? JSON.parse(raw) : undefined;
      } catch {
        return json(res, 400, { message: 'Problems parsing JSON' });
      }
      const recorded: RecordedRequest = {
        method,
        path,
        body,
        headers: { ...req.headers },
      };
      // Decided before the paging state below is set: other requests run while this one waits.
      const interception = options.intercept
        ? await options.intercept(recorded)
        : 'answer';
      if (interception === 'drop-before') return void res.destroy();
      if (interception === 'drop-after') {
        // Handled in full; the caller never hears the answer.
        res.writeHead = () => res;
        res.end = () => res.destroy() as any;
      }
      currentPath = path;
      currentQuery = new URLSearchParams(rawQuery ?? '');
      requests.push(recorded);
      const key = `${method} ${path}`;
      const route = contract?.route(method, path);
      if (contract && !route) {
        recorded.status = 404;
        return json(res, 404, NOT_FOUND);
      }
      if (contract && route) {
        recorded.operationId = route.operation.operationId;
        const where = contract.schemaPath(route);
        if (where && body !== undefined) {
          const validate = contract.validator(where);
          if (!validate(body)) {
            recorded.status = 422;
            return json(res, 422, invalidRequest(contract.errorsOf(validate)));
          }
        }
        const checkAnswer = (status: number, answer: unknown) => {
          const documented =
            route.operation.statuses.includes(String(status)) ||
            route.operation.statuses.includes('default') ||
            [...UNDOCUMENTED, ...(options.undocumented ?? [])].some(u =>
              u.test(`${status} ${key}`),
            );
          const problems = documented
            ? []
            : [
                `status ${status} is not documented for ${route.operation.operationId}`,
              ];
          const schemaAt = contract.schemaPath(route, String(status));
          let completed = answer;
          if (schemaAt && answer !== undefined) {
            completed = contract.complete(contract.schemaAt(schemaAt), answer);
            const validate = contract.validator(schemaAt);
            if (!validate(completed))
              problems.push(...contract.errorsOf(validate));
          }
          if (!problems.length) return { status, body: completed };
          const violation = `${key} -> ${status}: ${problems.join('; ')}`;
          violations.push(violation);
          return {
            status: 500,
            body: {
              message: `The GitHub stand-in broke GitHub's API description: ${violation}`,
            },
          };
        };
        (res as Checked)[CHECK] = (status, answer) => {
          recorded.status = status;
          try {
            return checkAnswer(status, answer);
          } catch (e) {
            violations.push(`${key}: ${(e as Error).message}`);
            return { status: 500, body: { message: (e as Error).message } };
          }
        };
      }
      const fault = faults.find(
        f => f.match.test(key) && (f.times === undefined || f.times > 0),
      );
      if (fault) {
        if (fault.times !== undefined) fault.times--;
        // A deliberate fault may be any status: it is not held to the description.
        delete (res as Checked)[CHECK];
        return json(res, fault.status, {
          message: fault.message ?? 'Injected fault',
        });
      }
      for (const [m, pattern, handler] of routes) {
        const match = m === method ? pattern.exec(path) : null;
        if (match)
          return handler(match.slice(1).map(decodeURIComponent), body, res);
      }
      return json(res, 404, { message: `No fake for ${key}` });
    });
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  baseUrl = `http://127.0.0.1:${port}`;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    repos,
    issues,
    /** Adds (or replaces, by number) an issue of `owner/name`, creating the repository if needed. */
    putIssue(fullName: string, issue: FakeGithubIssue) {
      const [owner, name] = fullName.split('/');
      const key = fullName.toLowerCase();
      if (!repos.has(key))
        repos.set(key, {
          id: nextId++,
          name,
          owner,
          description: '',
          visibility: 'private',
          default_branch: defaultBranch,
          topics: [],
          teams: {},
          rulesets: [],
          security: {},
          commits: [],
          trees: {},
          blobs: {},
          refs: {},
          secrets: {},
          environments: {},
        });
      const list = issues.get(key) ?? [];
      issues.set(key, [...list.filter(i => i.number !== issue.number), issue]);
    },
    teams,
    faults,
    /** Opens a sealed box the way GitHub does, with the server's private key. */
    decrypt(encrypted: string): string {
      const opened = sodium.crypto_box_seal_open(
        sodium.from_base64(encrypted, sodium.base64_variants.ORIGINAL),
        keyPair.publicKey,
        keyPair.privateKey,
      );
      return sodium.to_string(opened);
    },
    mutations: () => requests.filter(r => r.method !== 'GET'),
    /** Answers the stand-in gave that GitHub's description does not allow (should stay empty). */
    contractViolations: () => [...violations],
    reset() {
      requests.length = 0;
    },
    close: () => new Promise<void>(resolve => server.close(() => resolve())),
  };
}

/**
 * A running fake GitHub API: its URL, what it keeps and what it was asked, and how to stop it.
 * @public
 */
export type FakeGithub = Awaited<ReturnType<typeof startFakeGithub>>;
