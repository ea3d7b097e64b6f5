/** The `ui:field` names templates use. @public */
export const GOLDEN_PATH_FIELDS = {
  environment: 'GoldenPathEnvironmentPicker',
  policy: 'GoldenPathPolicyPicker',
  cost: 'GoldenPathCostEstimate',
} as const;
