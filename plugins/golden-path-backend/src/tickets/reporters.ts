import { AuthService } from '@backstage/backend-plugin-api';
import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { TrustedDirectory } from '@golden-path/plugin-golden-path-node';
import { ReporterIdentity } from './incoming';

/** The team of a reporter no trusted catalog user matches. */
export const UNKNOWN_TEAM = 'unknown';

const LOGIN_ANNOTATION = 'github.com/user-login';
const FIELDS = [
  'kind',
  'metadata.name',
  'metadata.namespace',
  'metadata.annotations',
  'spec.profile.email',
  'spec.profile.displayName',
  'spec.memberOf',
];
/** Values per catalog filter (keeps each query's URL small). */
const BATCH = 50;

const lower = (s: string | undefined) => s?.trim().toLowerCase() || undefined;

/** Identity keys in the order they are trusted to name one person. */
const keysOf = (r: ReporterIdentity) =>
  [
    r.email && `email:${lower(r.email)}`,
    r.login && `login:${lower(r.login)}`,
    r.name && `name:${lower(r.name)}`,
    r.name && `display:${lower(r.name)}`,
  ].filter((k): k is string => !!k);

/**
 * Maps ticket reporters to their team: a catalog User from a trusted source whose email, GitHub
 * login (`github.com/user-login`), name or display name is the reporter's, then that user's first
 * group by trusted sources. A reporter matched by no trusted user, or by two different ones, is
 * `unknown`: a user entity someone registered cannot claim tickets for a team.
 */
export class ReporterTeams {
  constructor(
    private readonly deps: {
      catalog: CatalogService;
      auth: AuthService;
      directory: TrustedDirectory;
    },
  ) {}

  /** The team of each reporter, by the reporter's identity key (see {@link ReporterTeams.keyOf}). */
  async teamsOf(reporters: ReporterIdentity[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    const distinct = new Map(reporters.map(r => [ReporterTeams.keyOf(r), r]));
    distinct.delete('');
    if (!distinct.size) return out;
    const users = await this.trustedUsers([...distinct.values()]);
    const teams = new Map<string, Promise<string>>();
    const teamOf = (user: Entity) => {
      const ref = stringifyEntityRef(user).toLowerCase();
      if (!teams.has(ref)) teams.set(ref, this.firstGroup(user, ref));
      return teams.get(ref)!;
    };
    for (const [key, reporter] of distinct) {
      let team = UNKNOWN_TEAM;
      for (const k of keysOf(reporter)) {
        const found = users.get(k);
        if (!found?.length) continue;
        if (new Set(found.map(u => stringifyEntityRef(u))).size === 1)
          team = await teamOf(found[0]);
        break;
      }
      out.set(key, team);
    }
    return out;
  }

  /** One key per reporter identity (empty when it names nobody). */
  static keyOf(r: ReporterIdentity | undefined): string {
    return r ? keysOf(r).join('|') : '';
  }

  /** Trusted users by identity key (`email:…`, `login:…`, `name:…`, `display:…`). */
  private async trustedUsers(
    reporters: ReporterIdentity[],
  ): Promise<Map<string, Entity[]>> {
    const values = {
      'spec.profile.email': new Set<string>(),
      [`metadata.annotations.${LOGIN_ANNOTATION}`]: new Set<string>(),
      'metadata.name': new Set<string>(),
      'spec.profile.displayName': new Set<string>(),
    };
    for (const r of reporters) {
      if (r.email) values['spec.profile.email'].add(lower(r.email)!);
      if (r.login)
        values[`metadata.annotations.${LOGIN_ANNOTATION}`].add(lower(r.login)!);
      if (r.name) {
        values['metadata.name'].add(lower(r.name)!);
        values['spec.profile.displayName'].add(lower(r.name)!);
      }
    }
    const filters: Array<Record<string, string | string[]>> = [];
    for (const [field, set] of Object.entries(values)) {
      const list = [...set];
      for (let i = 0; i < list.length; i += BATCH)
        filters.push({ kind: 'User', [field]: list.slice(i, i + BATCH) });
    }
    const credentials = await this.deps.auth.getOwnServiceCredentials();
    const found = new Map<string, Entity>();
    for (let i = 0; i < filters.length; i += 4) {
      const { items } = await this.deps.catalog.getEntities(
        { filter: filters.slice(i, i + 4), fields: FIELDS },
        { credentials },
      );
      for (const e of items)
        if (this.deps.directory.isTrusted(e))
          found.set(stringifyEntityRef(e), e);
    }
    const byKey = new Map<string, Entity[]>();
    const add = (key: string | undefined, user: Entity) => {
      if (!key) return;
      byKey.set(key, [...(byKey.get(key) ?? []), user]);
    };
    for (const user of found.values()) {
      const profile = (user.spec?.profile ?? {}) as {
        email?: string;
        displayName?: string;
      };
      add(profile.email && `email:${lower(profile.email)}`, user);
      const login = user.metadata.annotations?.[LOGIN_ANNOTATION];
      add(login && `login:${lower(login)}`, user);
      add(`name:${lower(user.metadata.name)}`, user);
      add(profile.displayName && `display:${lower(profile.displayName)}`, user);
    }
    return byKey;
  }

  /** The user's first group (in the order the user entity lists them) among its trusted groups. */
  private async firstGroup(user: Entity, ref: string): Promise<string> {
    const trusted = await this.deps.directory.groupsOf(ref);
    if (!trusted.length) return UNKNOWN_TEAM;
    const namespace = user.metadata.namespace ?? 'default';
    const listed = ((user.spec?.memberOf as string[] | undefined) ?? [])
      .map(g => {
        try {
          return stringifyEntityRef(
            parseEntityRef(g, {
              defaultKind: 'group',
              defaultNamespace: namespace,
            }),
          ).toLowerCase();
        } catch {
          return undefined;
        }
      })
      .find(g => !!g && trusted.includes(g));
    return listed ?? trusted[0];
  }
}
