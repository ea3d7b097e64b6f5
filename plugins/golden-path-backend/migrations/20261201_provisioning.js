// @ts-check

/**
 * Creation that outlasts the action: an RDS instance or ElastiCache group is recorded `creating`
 * once the provider accepted the request, and the scheduled reconciler stores the endpoint the
 * provider describes when it is available.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('golden_path_resources', table => {
    table
      .string('endpoint', 1024)
      .nullable()
      .comment('host:port, as the provider described it once available');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('golden_path_resources', table => {
    table.dropColumn('endpoint');
  });
};
