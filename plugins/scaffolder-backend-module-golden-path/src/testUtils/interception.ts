/**
 * What a stand-in does with one request, as a crash test decides it: answer it, never handle it
 * (the caller died before the provider saw it), or handle it and never answer (the provider did
 * the work, the caller died before it heard).
 * @public
 */
export type Interception = 'answer' | 'drop-before' | 'drop-after';

/**
 * Called by a stand-in for every request before handling it; the stand-in waits for the answer,
 * so a test can hold a request while it kills the caller.
 * @public
 */
export type Intercept<R> = (request: R) => Interception | Promise<Interception>;
