/**
 * Test helpers: scaffolder task and event fixtures for metrics tests and benchmarks.
 *
 * @packageDocumentation
 */
export { makeTask, makeEvents } from './fixtures';
