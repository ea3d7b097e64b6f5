/**
 * Hard limits shared by the evaluator, the actions, templates and docs.
 */

/**
 * Largest secret value (UTF-8 bytes) Golden Path accepts. GitHub allows 48 KB, but the installed
 * scaffolder builds its log-redaction RegExp from every task secret and V8 refuses a single regex
 * atom of 32,768 UTF-16 units or more; escaping can double a value's length, so 16,383 characters
 * is the hard ceiling and 8 KiB keeps a safe margin.
 * @public
 */
export const MAX_SECRET_BYTES = 8192;

/** Tags AWS allows on one resource. @public */
export const AWS_MAX_TAGS = 50;

/** Tags Golden Path adds to every AWS resource (owner, requester, template, task id, environment). @public */
export const PROVENANCE_TAG_COUNT = 5;

/** Tags a request may carry itself, so the resource stays within AWS's limit. @public */
export const MAX_REQUEST_TAGS = AWS_MAX_TAGS - PROVENANCE_TAG_COUNT;

/** Tag key prefix Golden Path reserves for its provenance tags. @public */
export const RESERVED_TAG_PREFIX = 'golden-path:';
