// @ts-check

/**
 * The inventory's details per resource: where it lives (ARN or repository URL, console page,
 * region), who asked for it through which template, and which component it serves. Rows written
 * before this migration keep empty values.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('golden_path_resources', table => {
    table
      .string('external_id', 1024)
      .nullable()
      .comment('ARN, or the repository URL');
    table.string('url', 1024).nullable().comment('AWS console or GitHub page');
    table.string('region', 64).nullable();
    table
      .string('requester', 255)
      .notNullable()
      .defaultTo('unknown')
      .comment('user entity ref that started the run');
    table.string('template_ref', 255).notNullable().defaultTo('unknown');
    table
      .string('component', 255)
      .nullable()
      .comment('entity ref of the component the resource serves');
    table.index(['created_at'], 'golden_path_resources_created_idx');
    table.index(['kind', 'created_at'], 'golden_path_resources_kind_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('golden_path_resources', table => {
    table.dropIndex(['kind', 'created_at'], 'golden_path_resources_kind_idx');
    table.dropIndex(['created_at'], 'golden_path_resources_created_idx');
    for (const c of [
      'external_id',
      'url',
      'region',
      'requester',
      'template_ref',
      'component',
    ])
      table.dropColumn(c);
  });
};
