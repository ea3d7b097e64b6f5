// @ts-check

/**
 * Slack requests already served: a signed Slack request is accepted once. The row is keyed by the
 * SHA-256 of the request's signature (which covers its timestamp and body), so every replica sees
 * a replay; rows older than the signature window are pruned.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('golden_path_slack_requests', table => {
    table
      .string('signature_hash', 64)
      .primary()
      .comment('hex SHA-256 of the X-Slack-Signature header');
    table
      .bigInteger('request_ts')
      .notNullable()
      .comment('X-Slack-Request-Timestamp (seconds)');
    table.index(['request_ts'], 'golden_path_slack_requests_ts_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('golden_path_slack_requests');
};
