// @ts-check

/**
 * Tickets read from the trackers (Jira, GitHub Issues, CSV exports), kept to what the ticket
 * baselines need: when a ticket was opened, started and resolved, the work logged, and the
 * reporter's team. No ticket text (titles, descriptions, comments) and no reporter identity.
 * Imports record each read or upload, and where an incremental read got to.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('golden_path_tickets', table => {
    table.comment('Ticket facts (no text, no reporter identity)');
    table
      .string('source', 32)
      .notNullable()
      .comment('jira | github | csv-jira | csv-servicenow');
    table
      .string('external_id', 255)
      .notNullable()
      .comment("the tracker's key: OPS-123, acme/ops#45, RITM0010042");
    table.string('ticket_type', 255).notNullable();
    table.bigInteger('created_at').notNullable().comment('epoch ms');
    table
      .bigInteger('started_at')
      .nullable()
      .comment('epoch ms: first moved to a started status, or first assigned');
    table.bigInteger('resolved_at').nullable().comment('epoch ms');
    table.integer('time_spent_seconds').nullable();
    table
      .string('reporter_team', 255)
      .notNullable()
      .comment('group ref from trusted catalog sources, or unknown');
    table
      .bigInteger('updated_at')
      .notNullable()
      .comment('epoch ms: when the tracker last changed it');
    table.primary(['source', 'external_id']);
    table.index(['ticket_type', 'created_at'], 'golden_path_tickets_type_idx');
  });
  await knex.schema.createTable('golden_path_ticket_imports', table => {
    table.comment('Ticket reads and CSV uploads');
    table.string('id', 64).primary();
    table.string('source', 32).notNullable();
    table
      .string('by', 255)
      .notNullable()
      .comment('user ref of the uploader or trigger, or scheduler');
    table.bigInteger('started_at').notNullable().comment('epoch ms');
    table.bigInteger('finished_at').nullable().comment('epoch ms');
    table
      .string('status', 16)
      .notNullable()
      .comment('running | succeeded | failed');
    table
      .text('counts')
      .notNullable()
      .comment('JSON: read, created, updated, unchanged, skipped rows');
    table.text('error').nullable();
    table
      .text('cursor')
      .nullable()
      .comment('JSON: per ticket type, where the incremental read got to');
    table.index(['source', 'started_at'], 'golden_path_ticket_imports_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('golden_path_ticket_imports');
  await knex.schema.dropTable('golden_path_tickets');
};
