// Whole backends start and stop in these suites; on a busy 2-core machine that can take longer
// than Jest's 5 s default for hooks.
jest.setTimeout(60_000);
