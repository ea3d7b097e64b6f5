import {
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { Config } from '@backstage/config';
import {
  normaliseGroupRef,
  TicketTypeDefinition,
} from '@golden-path/plugin-golden-path-common';

/** `goldenPath.tickets.jira`: a Jira Cloud site read with an API token. */
export interface JiraSettings {
  baseUrl: string;
  email: string;
  /** Never logged, returned or stored. */
  apiToken: string;
  /** Statuses that mean "work started" (the first transition into one is the ticket's start). */
  startedStatuses: string[];
}

/** `goldenPath.tickets.github`: credentials come from `integrations.github` for `host`. */
export interface GithubSettings {
  host: string;
  /** Default `owner/name` of the repository tickets are opened in. */
  repo?: string;
}

/** `goldenPath.tickets` with its defaults. */
export interface TicketsSettings {
  types: TicketTypeDefinition[];
  jira?: JiraSettings;
  github?: GithubSettings;
  /** Group whose members (by trusted catalog sources) may upload CSV exports and start a sync. */
  importers: string;
  schedule: SchedulerServiceTaskScheduleDefinition;
  /** Pages each source reads per type in one sync; the next sync resumes where it stopped. */
  maxPagesPerRun: number;
  /** Zone of the local times in CSV exports (Jira's and ServiceNow's exports use the exporter's zone). */
  csvTimeZone: string;
  /** Largest CSV upload accepted; bigger ones are refused with 413. */
  maxUploadBytes: number;
}

const PREFIX = 'goldenPath.tickets';
const DEFAULT_SCHEDULE: SchedulerServiceTaskScheduleDefinition = {
  frequency: { minutes: 30 },
  timeout: { minutes: 10 },
  initialDelay: { minutes: 1 },
};
const TYPE_NAME = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;
const REPO = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/;

/** A template ref as the scaffolder writes it (`template:default/name`), lower case; undefined when not a ref. */
export function normaliseTemplateRef(value: string): string | undefined {
  try {
    return stringifyEntityRef(
      parseEntityRef(value.trim(), {
        defaultKind: 'template',
        defaultNamespace: 'default',
      }),
    ).toLowerCase();
  } catch {
    return undefined;
  }
}

/** A date (`2026-06-01`) or date-time; YAML may hand over a Date. */
function readDate(value: unknown): string | undefined {
  if (value instanceof Date && !Number.isNaN(value.getTime()))
    return value.toISOString();
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}/.test(value))
    return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

function isTimeZone(zone: string): boolean {
  try {
    return !!new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
    }).resolvedOptions().timeZone;
  } catch {
    return false;
  }
}

/**
 * Reads `goldenPath.tickets`. Absent: no ticket types, nothing scheduled. Invalid values stop
 * start-up with every problem named by its key.
 */
export function readTicketsSettings(config: Config): TicketsSettings {
  const t = config.getOptionalConfig(PREFIX);
  const problems: string[] = [];

  let jira: JiraSettings | undefined;
  const j = t?.getOptionalConfig('jira');
  if (j) {
    const baseUrl = j.getOptionalString('baseUrl') ?? '';
    if (!/^https?:\/\/[^/\s]+/.test(baseUrl))
      problems.push(
        `${PREFIX}.jira.baseUrl must be the site's URL, e.g. https://acme.atlassian.net`,
      );
    const email = j.getOptionalString('email') ?? '';
    if (!email.includes('@'))
      problems.push(
        `${PREFIX}.jira.email must be the email of the account the API token belongs to`,
      );
    const apiToken = j.getOptionalString('apiToken') ?? '';
    if (!apiToken)
      problems.push(
        `${PREFIX}.jira.apiToken is required (an Atlassian API token)`,
      );
    const startedStatuses = j.getOptionalStringArray('startedStatuses') ?? [
      'In Progress',
    ];
    if (!startedStatuses.length || startedStatuses.some(s => !s.trim()))
      problems.push(
        `${PREFIX}.jira.startedStatuses must name at least one status, e.g. In Progress`,
      );
    jira = {
      baseUrl: baseUrl.replace(/\/+$/, ''),
      email,
      apiToken,
      startedStatuses,
    };
  }

  let github: GithubSettings | undefined;
  const g = t?.getOptionalConfig('github');
  if (g) {
    const repo = g.getOptionalString('repo');
    if (repo !== undefined && !REPO.test(repo))
      problems.push(
        `${PREFIX}.github.repo must be owner/name, e.g. acme/ops-requests`,
      );
    github = {
      host:
        g.getOptionalString('host') ??
        config.getOptionalString('goldenPath.github.host') ??
        'github.com',
      repo,
    };
  }

  const types: TicketTypeDefinition[] = [];
  const seen = new Set<string>();
  (t?.getOptionalConfigArray('types') ?? []).forEach((c, i) => {
    const at = `${PREFIX}.types[${i}]`;
    const name = c.getOptionalString('name') ?? '';
    if (!TYPE_NAME.test(name))
      problems.push(
        `${at}.name must be the templates' golden-path.io/replaces-ticket value (letters, digits, . _ : -)`,
      );
    else if (seen.has(name))
      problems.push(`${at}.name "${name}" is configured twice`);
    seen.add(name);
    const templates: string[] = [];
    for (const value of c.getOptionalStringArray('templates') ?? []) {
      const ref = normaliseTemplateRef(value);
      if (!ref || !ref.startsWith('template:'))
        problems.push(
          `${at}.templates: "${value}" is not a template ref, e.g. template:default/postgres-database`,
        );
      else templates.push(ref);
    }
    const def: TicketTypeDefinition = {
      name,
      title: c.getOptionalString('title') ?? name,
      templates,
    };
    if (c.has('liveSince')) {
      const liveSince = readDate(c.getOptional('liveSince'));
      if (!liveSince)
        problems.push(`${at}.liveSince must be a date, e.g. 2026-06-01`);
      else def.liveSince = liveSince;
    }
    const tj = c.getOptionalConfig('jira');
    if (tj) {
      const jql = tj.getOptionalString('jql')?.trim() ?? '';
      if (!jql) problems.push(`${at}.jira.jql must be a JQL query`);
      else if (!jira)
        problems.push(
          `${at}.jira needs ${PREFIX}.jira (the site and its API token)`,
        );
      def.jira = { jql };
    }
    const tg = c.getOptionalConfig('github');
    if (tg) {
      const labels = tg.getOptionalStringArray('labels') ?? [];
      const repo = tg.getOptionalString('repo') ?? github?.repo;
      if (!labels.length || labels.some(l => !l.trim() || l.includes(',')))
        problems.push(
          `${at}.github.labels must list at least one label (no commas)`,
        );
      if (!github)
        problems.push(
          `${at}.github needs ${PREFIX}.github (credentials come from integrations.github)`,
        );
      else if (!repo || !REPO.test(repo))
        problems.push(
          `${at}.github.repo must be owner/name, or set ${PREFIX}.github.repo`,
        );
      def.github = { repo: repo ?? '', labels };
    }
    const tc = c.getOptionalConfig('csv');
    if (tc) {
      const values = tc.getOptionalStringArray('values') ?? [];
      if (!values.length)
        problems.push(
          `${at}.csv.values must list the export's type values (Jira Issue Type, ServiceNow category)`,
        );
      def.csv = { values };
    }
    types.push(def);
  });

  const importersValue =
    t?.getOptionalString('importers') ??
    config.getOptionalString('goldenPath.exceptions.approvers') ??
    'group:default/platform';
  if (!/^(group:)?([a-z0-9._-]+\/)?[a-z0-9._-]+$/i.test(importersValue.trim()))
    problems.push(
      `${PREFIX}.importers must be a group ref, e.g. group:default/platform`,
    );

  const maxPagesPerRun = t?.getOptionalNumber('maxPagesPerRun') ?? 20;
  if (
    !Number.isInteger(maxPagesPerRun) ||
    maxPagesPerRun < 1 ||
    maxPagesPerRun > 1000
  )
    problems.push(
      `${PREFIX}.maxPagesPerRun must be a whole number from 1 to 1000`,
    );

  const csvTimeZone = t?.getOptionalString('csv.timeZone') ?? 'UTC';
  if (!isTimeZone(csvTimeZone))
    problems.push(
      `${PREFIX}.csv.timeZone "${csvTimeZone}" is not an IANA time zone`,
    );
  const maxUploadMb = t?.getOptionalNumber('csv.maxUploadMb') ?? 10;
  if (!(maxUploadMb > 0 && maxUploadMb <= 100))
    problems.push(
      `${PREFIX}.csv.maxUploadMb must be more than 0 and at most 100`,
    );

  let schedule = DEFAULT_SCHEDULE;
  const s = t?.getOptionalConfig('schedule');
  if (s) {
    try {
      schedule = readSchedulerServiceTaskScheduleDefinitionFromConfig(s);
    } catch (e) {
      problems.push(`${PREFIX}.schedule: ${(e as Error).message}`);
    }
  }

  if (problems.length)
    throw new Error(`Invalid ${PREFIX} configuration: ${problems.join('; ')}`);
  return {
    types,
    jira,
    github,
    importers: normaliseGroupRef(importersValue),
    schedule,
    maxPagesPerRun,
    csvTimeZone,
    maxUploadBytes: Math.round(maxUploadMb * 1024 * 1024),
  };
}
