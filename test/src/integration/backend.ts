import { databaseServiceFactory } from '@backstage/backend-defaults/database';
import {
  BackendFeature,
  coreServices,
  createServiceFactory,
  ServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import catalogScaffolderModel from '@backstage/plugin-catalog-backend-module-scaffolder-entity-model';
import eventsPlugin from '@backstage/plugin-events-backend';
import { eventsServiceFactory } from '@backstage/plugin-events-node';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import catalogGoldenPathModule, {
  packagedTemplatesDir,
} from '@golden-path/plugin-catalog-backend-module-golden-path';
import goldenPathPlugin from '@golden-path/plugin-golden-path-backend';
import { goldenPathRecordsDoorServiceRef } from '@golden-path/plugin-golden-path-node';
import goldenPathScaffolderModule from '@golden-path/plugin-scaffolder-backend-module-golden-path';
import fs from 'node:fs';
import knexFactory from 'knex';
import path from 'node:path';
import request from 'supertest';
import YAML from 'yaml';

// Tests run from source, so __dirname is this file's folder.
// eslint-disable-next-line no-restricted-syntax
export const REPO_ROOT = path.resolve(__dirname, '../../..');

/**
 * The Golden Path templates as the catalog module ships them (its package's `templates/`); the
 * backend below gets them from the module's template provider, never from a catalog location.
 */
export const TEMPLATES_DIR = packagedTemplatesDir();

/** The `goldenPath` block of the repository's own app-config.yaml. */
export function appConfigGoldenPath(): Record<string, any> {
  return YAML.parse(
    fs.readFileSync(path.join(REPO_ROOT, 'app-config.yaml'), 'utf8'),
  ).goldenPath;
}

/** PostgreSQL connection for the database suites; `npm test` starts a cluster and sets it. */
export function postgresConnection(): string {
  const url = process.env.GOLDEN_PATH_TEST_PG_URL;
  if (!url) {
    throw new Error(
      'GOLDEN_PATH_TEST_PG_URL is not set: run the suite with `npm test`, which starts PostgreSQL',
    );
  }
  return url;
}

/**
 * A records door that stays closed whoever opens it, so every record goes over HTTP; `asked`
 * counts the writers that found it closed.
 */
function closedRecordsDoor() {
  const seen = { asked: 0 };
  const factory = createServiceFactory({
    service: goldenPathRecordsDoorServiceRef,
    deps: {},
    factory: () => ({
      isOpen: () => {
        seen.asked++;
        return false;
      },
      open: () => undefined,
      write: async () => {
        throw new Error(
          'the in-process records door is closed in this backend',
        );
      },
    }),
  });
  return { factory, seen };
}

/**
 * The real backend plugins (catalog reading this repository's catalog-info.yaml plus our catalog
 * module with its template and resource providers, scaffolder with our actions, events,
 * golden-path) in one test backend, on in-memory SQLite or on PostgreSQL.
 */
export async function startGoldenPathBackend(
  options: {
    postgres?: string;
    /** Share one set of PostgreSQL databases between backend instances (replicas); random when empty. */
    databasePrefix?: string;
    sqliteDirectory?: string;
    config?: Record<string, any>;
    goldenPath?: Record<string, any>;
    /** Further features after the standard ones, e.g. the permission backend and a policy module. */
    extraFeatures?: Array<
      BackendFeature | Promise<{ default: BackendFeature }>
    >;
    /** Replaces the default httpAuth (the stock mock, unauthenticated requests staying unauthenticated). */
    httpAuth?: ServiceFactory;
    /** More catalog files the operator configured (trusted, as catalog.locations are). */
    catalogFiles?: string[];
    /** Hosts the catalog may read user-registered `url` locations from (backend.reading.allow). */
    readingHosts?: string[];
    /**
     * The scaffolder writes records over HTTP, as when it runs in another backend than the
     * golden-path plugin: the in-process records door never opens.
     */
    recordsOverHttp?: boolean;
  } = {},
) {
  let database: Record<string, unknown> | undefined;
  if (options.postgres) {
    database = {
      client: 'pg',
      connection: options.postgres,
      // A fresh set of databases per run, so runs never see each other's rows.
      prefix:
        options.databasePrefix ??
        `gp_test_${Date.now().toString(36)}_${Math.floor(
          Math.random() * 1e6,
        )}_`,
    };
  } else if (options.sqliteDirectory) {
    // One SQLite file per plugin, so a test can open the scaffolder's own database.
    database = {
      client: 'better-sqlite3',
      connection: { directory: options.sqliteDirectory },
    };
  }
  // One scheduler for every plugin; scheduled tasks run only when a test calls
  // `scheduler.triggerTask(id)`, never on a timer or at start-up.
  const scheduler = mockServices.scheduler();
  const closedDoor = options.recordsOverHttp ? closedRecordsDoor() : undefined;
  const backend = await startTestBackend({
    features: [
      createServiceFactory({
        service: coreServices.scheduler,
        deps: {},
        factory: () => scheduler,
      }),
      mockServices.rootConfig.factory({
        data: {
          backend: {
            baseUrl: 'http://localhost:0',
            ...(database ? { database: database as any } : {}),
            ...(options.readingHosts && {
              reading: { allow: options.readingHosts.map(host => ({ host })) },
            }),
          },
          catalog: {
            rules: [
              {
                allow: [
                  'Component',
                  'System',
                  'API',
                  'Resource',
                  'Location',
                  'Template',
                  'User',
                  'Group',
                ],
              },
            ],
            locations: [
              {
                type: 'file',
                target: path.join(REPO_ROOT, 'catalog-info.yaml'),
              },
              ...(options.catalogFiles ?? []).map(target => ({
                type: 'file',
                target,
              })),
            ],
            processingInterval: { seconds: 1 },
          },
          goldenPath: { ...appConfigGoldenPath(), ...options.goldenPath },
          // One process: in-process delivery only, no long-polling of the events hub on shutdown.
          events: { useEventBus: 'never' },
          ...options.config,
        },
      }),
      // Unauthenticated requests stay unauthenticated, as in a real deployment.
      options.httpAuth ??
        mockServices.httpAuth.factory({
          defaultCredentials: mockCredentials.none(),
        }),
      ...(database ? [databaseServiceFactory] : []),
      ...(closedDoor ? [closedDoor.factory] : []),
      // The real in-process event bus, shared by all plugins (the test default is one mock per plugin).
      eventsServiceFactory,
      catalogPlugin,
      catalogScaffolderModel,
      catalogGoldenPathModule,
      eventsPlugin,
      scaffolderPlugin,
      goldenPathScaffolderModule,
      goldenPathPlugin,
      ...(options.extraFeatures ?? []),
    ],
  });
  const auth = {
    Authorization: mockCredentials.user.header('user:default/guest'),
  };
  return {
    backend,
    scheduler,
    server: backend.server,
    auth,
    request: () => request(backend.server),
    /** With `recordsOverHttp`: how many record writes found the in-process door closed. */
    closedDoorAsked: () => closedDoor?.seen.asked ?? 0,
  };
}

/**
 * Drops the databases earlier runs of a suite left behind (names starting with `family`, except the
 * current run's `prefix`). Suites with replicas do not drop their own databases when they end: the
 * scaffolder's background polling outlives `backend.stop()` for a moment, and a database dropped
 * under it fails whichever test file the jest worker runs next.
 */
export async function dropEarlierDatabases(
  url: string,
  family: string,
  prefix: string,
): Promise<void> {
  const admin = knexFactory({
    client: 'pg',
    connection: url,
    pool: { min: 0, max: 1 },
  });
  try {
    const { rows } = await admin.raw(
      'select datname from pg_database where datname like ? and datname not like ?',
      [`${family}%`, `${prefix}%`],
    );
    for (const { datname } of rows)
      await admin.raw(`drop database if exists "${datname}" with (force)`);
  } finally {
    await admin.destroy();
  }
}

/** Polls until `check` returns a value, or fails with the last error after `timeoutMs`. */
export async function eventually<T>(
  check: () => Promise<T | undefined>,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) throw last ?? new Error('timed out');
    await new Promise(r => setTimeout(r, 250));
  }
}
