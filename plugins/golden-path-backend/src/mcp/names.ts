/** Action names; MCP clients see them as `golden-path.<name>` (Backstage namespaces tool names by plugin id). */
export const MCP_ACTION_NAMES = {
  evaluate: 'evaluate-golden-path-requests',
  listTemplates: 'list-golden-path-templates',
  runTemplate: 'run-golden-path-template',
  getTask: 'get-golden-path-task',
} as const;
