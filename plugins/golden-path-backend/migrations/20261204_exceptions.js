// @ts-check

/**
 * Exceptions: a request outside the policy, asked for by one user for one canonical request, decided
 * by a member of the environment's approver group, used by one run before it expires. Requests hold
 * no secret values (secret actions judge sizes and names only). Inventory rows name the exception
 * their run used.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('golden_path_exceptions', table => {
    table.string('id', 64).primary();
    table
      .string('status', 16)
      .notNullable()
      .comment(
        'pending, approved, denied or used; an approved one past expires_at is expired',
      );
    table
      .text('rule_ids')
      .notNullable()
      .comment('JSON array of the rule ids it sets aside');
    table
      .text('request')
      .notNullable()
      .comment('canonical JSON of the normalised request');
    table.string('kind', 64).notNullable();
    table.string('name', 255).notNullable();
    table.string('owner', 255).notNullable();
    table.string('environment', 64).notNullable();
    table.decimal('monthly_cost', 12, 2).notNullable();
    table.string('currency', 8).notNullable();
    table.decimal('team_spend', 12, 2).notNullable();
    table.decimal('team_budget', 12, 2).notNullable();
    table
      .text('deviations')
      .notNullable()
      .comment('JSON: the violations it sets aside');
    table.string('requester', 255).notNullable();
    table.text('justification').notNullable();
    table.integer('duration_days').notNullable();
    table.string('approvers', 255).notNullable();
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.string('decided_by', 255).nullable();
    table.timestamp('decided_at', { useTz: true }).nullable();
    table.text('comment').nullable();
    table.timestamp('expires_at', { useTz: true }).nullable();
    table.timestamp('used_at', { useTz: true }).nullable();
    table.string('used_by_task', 255).nullable();
    table.index(
      ['requester', 'status'],
      'golden_path_exceptions_requester_idx',
    );
    table.index(['status', 'created_at'], 'golden_path_exceptions_status_idx');
  });
  await knex.schema.alterTable('golden_path_resources', table => {
    table.string('exception_id', 64).nullable();
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('golden_path_resources', table => {
    table.dropColumn('exception_id');
  });
  await knex.schema.dropTable('golden_path_exceptions');
};
