import { Config } from '@backstage/config';
import path from 'node:path';

/** The catalog locations whose entities count as facts about people, groups and ownership. @public */
export interface TrustedSources {
  /** `type:target` location refs, exact or ending in `*` (a prefix). */
  locations: string[];
  /** Groups whose members may act on every team's records (e.g. mark any resource deleted). */
  platformGroups: string[];
}

const ANNOTATION_ORIGIN = 'backstage.io/managed-by-origin-location';

/** `file:` targets as the catalog stores them (resolved against the backend's working directory). */
function locationRef(type: string, target: string): string {
  return `${type}:${type === 'file' ? path.resolve(target) : target}`;
}

/**
 * A wildcard that a signed-in user could match by registering a location of their own is refused:
 * `*`, `url:*`, `url:https://*` or a host without a path would trust user-registered locations.
 */
function unsafeWildcard(pattern: string): string | undefined {
  if (!pattern.endsWith('*')) return undefined;
  const prefix = pattern.slice(0, -1);
  const match = /^([a-z][a-z0-9-]*):(.*)$/i.exec(prefix);
  if (!match) return `"${pattern}" has no location type before the wildcard`;
  const [, type, rest] = match;
  if (type === 'url' && !/^https?:\/\/[^/]+\/[^/*]+\//.test(rest)) {
    return `"${pattern}" would trust any URL a user registers; name at least a host and a first path segment ending in / (e.g. url:https://github.com/acme/org-data/*)`;
  }
  if (type === 'file' && rest.length < 2)
    return `"${pattern}" would trust every file location`;
  return undefined;
}

/**
 * Reads `goldenPath.trust`. By default the locations in `catalog.locations` (what the operator
 * configured, never what a user registers through the API) are trusted; `trust.catalogLocations`
 * adds entity-provider or other locations. Unsafe patterns stop the backend at start-up.
 * @public
 */
export function readTrustedSources(config: Config): TrustedSources {
  const trust = config.getOptionalConfig('goldenPath.trust');
  const includeConfigured =
    trust?.getOptionalBoolean('includeConfiguredCatalogLocations') ?? true;
  const configured = includeConfigured
    ? (config.getOptionalConfigArray('catalog.locations') ?? []).map(l =>
        locationRef(l.getString('type'), l.getString('target')),
      )
    : [];
  const extra = trust?.getOptionalStringArray('catalogLocations') ?? [];
  const problems = extra.map(unsafeWildcard).filter((p): p is string => !!p);
  if (problems.length) {
    throw new Error(
      `Invalid goldenPath.trust.catalogLocations:\n- ${problems.join('\n- ')}`,
    );
  }
  const locations = [...new Set([...configured, ...extra])];
  if (!locations.length) {
    throw new Error(
      'goldenPath.trust: no trusted catalog location. Ownership and group membership are read only from locations the platform team names: list them in catalog.locations or goldenPath.trust.catalogLocations (see docs/security.md)',
    );
  }
  const platformGroups = (
    trust?.getOptionalStringArray('platformGroups') ?? [
      'group:default/platform',
    ]
  ).map(g =>
    g.includes(':') ? g.toLowerCase() : `group:default/${g}`.toLowerCase(),
  );
  return { locations, platformGroups };
}

/** Whether an entity came from a trusted location (by the origin location the catalog wrote). @public */
export function isFromTrustedSource(
  entity: { metadata?: { annotations?: Record<string, string> } } | undefined,
  sources: TrustedSources,
): boolean {
  const origin = entity?.metadata?.annotations?.[ANNOTATION_ORIGIN];
  if (typeof origin !== 'string' || !origin) return false;
  return sources.locations.some(p =>
    p.endsWith('*') ? origin.startsWith(p.slice(0, -1)) : origin === p,
  );
}
