/**
 * Test helpers: the plugin's stores and run collector, and an in-memory scaffolder task list, for
 * collector tests and benchmarks.
 *
 * @packageDocumentation
 */
export { fakeTaskSource } from './fakeTasks';
export { ResourceStore, migratedClient } from '../service/ResourceStore';
export type { ResourceRow, ResourceFilter } from '../service/ResourceStore';
export { RunStore } from '../metrics/RunStore';
export { BaselineStore } from '../metrics/BaselineStore';
export type { MeasuredBaseline, StampableRow } from '../metrics/BaselineStore';
export type {
  RunFilter,
  RunAggregate,
  GroupAggregate,
  DailyRow,
} from '../metrics/RunStore';
export { RunCollector } from '../metrics/RunCollector';
export type { TaskSource, BackfillResult } from '../metrics/RunCollector';
export { LedgerRecordStatuses } from '../metrics/LedgerStatuses';
export { ScaffolderTasks } from '../metrics/ScaffolderTasks';
export type {
  LedgerStatusSource,
  TaskRecords,
} from '../metrics/LedgerStatuses';
