import {
  coreServices,
  createBackendPlugin,
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
} from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { durationToMilliseconds, HumanDuration } from '@backstage/types';
import { eventsServiceRef } from '@backstage/plugin-events-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import { goldenPathPermissions } from '@golden-path/plugin-golden-path-common';
import {
  createTrustedDirectory,
  goldenPathPolicyServiceRef,
  goldenPathRecordsDoorServiceRef,
} from '@golden-path/plugin-golden-path-node';
import {
  InventoryPermissionResources,
  registerInventoryPermissions,
} from './inventory/permissions';
import { createInventoryRouter } from './inventory/router';
import { ExceptionStore } from './exceptions/ExceptionStore';
import {
  ExceptionPermissionResources,
  registerExceptionPermissions,
} from './exceptions/permissions';
import { scheduleExceptionExpiry } from './exceptions/expiry';
import { createRedeemRouter } from './exceptions/redeemRouter';
import { createExceptionsRouter } from './exceptions/router';
import { Ledger } from './ledger/Ledger';
import { createRecordsRouter } from './ledger/router';
import { assertWriterSubject, createRecordWriter } from './ledger/recordWriter';
import { TaskLookup } from './ledger/steps';
import { registerGoldenPathActions } from './mcp/actions';
import { StepFailures } from './ledger/StepFailures';
import { LedgerSettler } from './ledger/settle';
import { BaselineStore } from './metrics/BaselineStore';
import { ClaimedTasks, ScaffolderTopicEvent } from './metrics/ClaimedTasks';
import { readMetricsDefaults } from './metrics/defaults';
import { measuredBaselineOf } from './metrics/measured';
import { LedgerRecordStatuses } from './metrics/LedgerStatuses';
import { RunCollector } from './metrics/RunCollector';
import { createMetricsRouter } from './metrics/router';
import { RunStore } from './metrics/RunStore';
import { ScaffolderTasks } from './metrics/ScaffolderTasks';
import { scheduleReconciler } from './reconciler/schedule';
import { createSlackRouter, SLACK_PATHS } from './slack/router';
import {
  createTicketService,
  createTicketsRouter,
  scheduleTicketSync,
} from './tickets';
import { createRouter } from './service/router';
import { migratedClient, ResourceStore } from './service/ResourceStore';

/** The `scaffolder.task` statuses that end a task (or, for `cancelled`, ask it to end). */
const ENDINGS = new Set(['completed', 'failed', 'cancelled']);

/**
 * The `golden-path` backend plugin: policy API, budgets, the run metrics and the resource inventory
 * collected from the scaffolder (events plus a scheduled, cluster-wide backfill).
 * @public
 */
export const goldenPathPlugin = createBackendPlugin({
  pluginId: 'golden-path',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        auth: coreServices.auth,
        discovery: coreServices.discovery,
        database: coreServices.database,
        scheduler: coreServices.scheduler,
        permissions: coreServices.permissions,
        auditor: coreServices.auditor,
        permissionsRegistry: coreServices.permissionsRegistry,
        events: eventsServiceRef,
        catalog: catalogServiceRef,
        policy: goldenPathPolicyServiceRef,
        recordsDoor: goldenPathRecordsDoorServiceRef,
        actionsRegistry: actionsRegistryServiceRef,
        notifications: notificationService,
      },
      async init({
        config,
        logger,
        httpRouter,
        httpAuth,
        auth,
        discovery,
        database,
        scheduler,
        permissions,
        permissionsRegistry,
        auditor,
        events,
        catalog,
        policy,
        recordsDoor,
        actionsRegistry,
        notifications,
      }) {
        const knex = await migratedClient(database);
        const store = new ResourceStore(knex);
        const defaults = readMetricsDefaults(config);
        const baselines = new BaselineStore(knex, defaults);
        const runs = new RunStore(knex, baselines);
        const tasks = new ScaffolderTasks({ discovery, auth });
        const collector = new RunCollector({
          source: tasks,
          store: runs,
          ledger: new LedgerRecordStatuses(knex),
          defaults,
          logger,
        });
        const directory = createTrustedDirectory({ config, catalog, auth });
        // Ticket sources, uploads and measured baselines (goldenPath.tickets).
        const tickets = createTicketService({
          config,
          knex,
          catalog,
          auth,
          directory,
          logger,
          calendar: defaults.calendar,
          defaultOpsEffort: defaults.defaultOpsEffort,
        });
        // Runs take their ticket type's measured baseline; re-measured after each import and on
        // every backfill (a path going live moves the baseline's cut-off).
        const remeasure = async () => {
          const measured = await tickets.baselines();
          await baselines.replace(
            [...measured.values()].map(m =>
              measuredBaselineOf(m.definition, m.baseline),
            ),
          );
          await baselines.restamp();
        };
        tickets.setOnTicketsChanged(remeasure);
        // Config may have changed since the last start (types, templates, the calendar).
        await remeasure().catch(e =>
          logger.warn(
            `Golden Path metrics: could not measure ticket baselines (${
              (e as Error).message
            })`,
          ),
        );
        const { budget } = policy.getPolicy();
        const ledger = new Ledger(knex, {
          ...budget,
          reservationTtlMs:
            (config.getOptionalNumber('goldenPath.ledger.reservationMinutes') ??
              60) * 60_000,
        });
        const settler = new LedgerSettler({ ledger, tasks, events, logger });
        // The doors bind a write to a running step: a task this replica saw claimed is known from
        // the scaffolder's own events; any other is read from the scaffolder.
        const claimed = new ClaimedTasks();
        const runningTasks: TaskLookup = claimed.lookup(tasks);
        logger.info(
          `Golden Path trust: ownership and membership from ${directory.sources.locations.join(
            ', ',
          )}; platform groups ${directory.sources.platformGroups.join(', ')}`,
        );
        permissionsRegistry.addPermissions(goldenPathPermissions);
        const inventoryResources = new InventoryPermissionResources({
          store,
          directory,
          catalog,
          auth,
        });
        registerInventoryPermissions(permissionsRegistry, inventoryResources);
        const exceptions = new ExceptionStore(knex);
        const exceptionResources = new ExceptionPermissionResources({
          get: id => exceptions.get(id),
          directory,
          candidates: group => inventoryResources.candidates(group),
        });
        registerExceptionPermissions(permissionsRegistry, exceptionResources);

        const environments = Object.keys(policy.getPolicy().environments);
        logger.info(
          `Golden Path policy loaded: environments ${environments.join(
            ', ',
          )}; mode ${policy.decideMode('github', true).mode}`,
        );

        // Claims and endings as they happen. A claim is only noted (the scaffolder's event carries
        // the spec); an ending settles the task's reservations and stores its run, from the events
        // alone when this replica saw the claim, else from a read of the task.
        await events.subscribe({
          id: 'golden-path-runs',
          topics: ['scaffolder.task'],
          onEvent: async ({ eventPayload }) => {
            const payload = eventPayload as ScaffolderTopicEvent | undefined;
            const finished = claimed.observe(payload);
            // A cancellation event's id is the event's; its task is taskId.
            const id = payload?.taskId ?? payload?.id;
            if (!id || !ENDINGS.has(payload?.status ?? '')) return;
            try {
              // Reservations are released for any template's task, annotated or not.
              await settler.settle(id, payload?.status);
              if (finished) await collector.collect(finished);
              else await collector.collectById(id, payload?.status);
            } catch (e) {
              logger.warn(
                `Golden Path metrics: could not collect task ${id} now (${
                  (e as Error).message
                }); the backfill will`,
              );
            }
          },
        });
        // Repair what events missed (restarts, other replicas' tasks, history), once per cluster.
        const scheduleConfig = config.getOptionalConfig(
          'goldenPath.metrics.schedule',
        );
        const schedule = scheduleConfig
          ? readSchedulerServiceTaskScheduleDefinitionFromConfig(scheduleConfig)
          : {
              frequency: { minutes: 5 },
              timeout: { minutes: 15 },
              initialDelay: { seconds: 20 },
            };
        // Half the timeout: a run stops in time to store where it got to.
        const backfillBudgetMs = timeoutMs(schedule.timeout) / 2;
        await scheduler.scheduleTask({
          id: 'golden-path-runs-backfill',
          scope: 'global',
          ...schedule,
          fn: async () => {
            await settler.repair();
            // Baselines follow the calendar and the latest ticket import, whichever replica ran it.
            await remeasure().catch(e =>
              logger.warn(
                `Golden Path metrics: could not re-measure ticket baselines (${
                  (e as Error).message
                }); runs keep the baselines they have`,
              ),
            );
            // Each run stops well inside the task's timeout and the next one resumes there.
            await collector.backfill({ deadlineMs: backfillBudgetMs });
          },
        });

        // Approved exceptions whose time ran out are marked expired, each change audited.
        await scheduleExceptionExpiry({
          scheduler,
          store: exceptions,
          auditor,
          logger,
        });

        await scheduleTicketSync({ scheduler, service: tickets, logger });

        // Creations that outlast their action (RDS, ElastiCache): the provider's answer settles them.
        await scheduleReconciler({
          config,
          scheduler,
          knex,
          policy,
          logger,
          events,
        });

        const router = await createRouter({
          logger,
          httpAuth,
          directory,
          policy,
          store,
          exceptions,
        });
        const stepFailures = new StepFailures(knex);
        const writeRecord = createRecordWriter({
          ledger,
          stepFailures,
          exceptions,
          tasks: runningTasks,
          events,
          logger,
        });
        router.use(
          createRecordsRouter({
            writeRecord,
            stepFailures,
            tasks: runningTasks,
            httpAuth,
          }),
        );
        // A scaffolder in this backend writes without HTTP, through the same writer; the caller is
        // known from its plugin metadata instead of its service token.
        recordsDoor.open(async (caller, binding, record) => {
          assertWriterSubject(`plugin:${caller}`);
          return writeRecord({ ...binding, record });
        });
        router.use(
          createRedeemRouter({
            store: exceptions,
            tasks: runningTasks,
            httpAuth,
            auditor,
            logger,
          }),
        );
        router.use(
          createExceptionsRouter({
            store: exceptions,
            resources: exceptionResources,
            spend: store,
            policy,
            directory,
            httpAuth,
            permissions,
            permissionsRegistry,
            auditor,
            notifications,
            logger,
          }),
        );
        router.use(
          '/metrics',
          createMetricsRouter({
            store: runs,
            baselines,
            exceptions,
            defaults,
            httpAuth,
            permissions,
          }),
        );
        router.use(
          '/tickets',
          createTicketsRouter({
            service: tickets,
            httpAuth,
            permissions,
            directory,
          }),
        );
        router.use(
          createInventoryRouter({
            store,
            httpAuth,
            permissions,
            permissionsRegistry,
            directory,
            resources: inventoryResources,
            auditor,
            events,
            logger,
          }),
        );
        // Slack's requests carry no Backstage credentials: its signature is their only way in.
        httpRouter.use(
          createSlackRouter({
            config,
            logger,
            knex,
            auth,
            discovery,
            catalog,
            directory,
            policy,
            tasks,
          }),
        );
        for (const path of SLACK_PATHS)
          httpRouter.addAuthPolicy({ path, allow: 'unauthenticated' });
        httpRouter.use(router);
        // The AI-agent door: these actions as MCP tools (with @backstage/plugin-mcp-actions-backend).
        registerGoldenPathActions({
          actionsRegistry,
          auth,
          discovery,
          config,
          logger,
          catalog,
          directory,
          policy,
          store,
        });
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });
      },
    });
  },
});

/** A schedule's timeout in milliseconds (config gives a HumanDuration, code may give luxon's). */
function timeoutMs(timeout: HumanDuration | { toMillis(): number }): number {
  return 'toMillis' in timeout && typeof timeout.toMillis === 'function'
    ? timeout.toMillis()
    : durationToMilliseconds(timeout as HumanDuration);
}
