/**
 * Test helpers: an in-memory scaffolder task list for collector tests and benchmarks.
 *
 * @packageDocumentation
 */
export { fakeTaskSource } from './fakeTasks';
