import { createFormField } from '@backstage/plugin-scaffolder-react/alpha';
import { CostEstimate, validateCostEstimate } from './CostEstimate';
import { EnvironmentPicker, validateEnvironment } from './EnvironmentPicker';
import { GOLDEN_PATH_FIELDS } from './names';
import { PolicyPicker, validatePolicyChoice } from './PolicyPicker';

/* The same fields for the new frontend system, loaded lazily by the blueprints in ./alpha. */

export const environmentPickerFormField = createFormField({
  name: GOLDEN_PATH_FIELDS.environment,
  component: EnvironmentPicker,
  validation: validateEnvironment,
});
export const policyPickerFormField = createFormField({
  name: GOLDEN_PATH_FIELDS.policy,
  component: PolicyPicker,
  validation: validatePolicyChoice,
});
export const costEstimateFormField = createFormField({
  name: GOLDEN_PATH_FIELDS.cost,
  component: CostEstimate,
  validation: validateCostEstimate,
});
