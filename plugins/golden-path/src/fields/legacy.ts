import { scaffolderPlugin } from '@backstage/plugin-scaffolder';
import { createScaffolderFieldExtension } from '@backstage/plugin-scaffolder-react';
import {
  CostEstimate,
  CostEstimateOptions,
  validateCostEstimate,
} from './CostEstimate';
import {
  EnvironmentPicker,
  EnvironmentPickerOptions,
  validateEnvironment,
} from './EnvironmentPicker';
import { GOLDEN_PATH_FIELDS } from './names';
import {
  PolicyPicker,
  PolicyPickerOptions,
  validatePolicyChoice,
} from './PolicyPicker';

/*
 * The fields for the legacy frontend system: put them inside <ScaffolderFieldExtensions> of the
 * scaffolder route (docs/form-fields.md).
 */

/** `ui:field: GoldenPathEnvironmentPicker`. @public */
export const GoldenPathEnvironmentPickerFieldExtension =
  scaffolderPlugin.provide(
    createScaffolderFieldExtension<string, EnvironmentPickerOptions>({
      name: GOLDEN_PATH_FIELDS.environment,
      component: EnvironmentPicker,
      validation: validateEnvironment,
    }),
  );

/** `ui:field: GoldenPathPolicyPicker`. @public */
export const GoldenPathPolicyPickerFieldExtension = scaffolderPlugin.provide(
  createScaffolderFieldExtension<string | number, PolicyPickerOptions>({
    name: GOLDEN_PATH_FIELDS.policy,
    component: PolicyPicker,
    validation: validatePolicyChoice,
  }),
);

/** `ui:field: GoldenPathCostEstimate`. @public */
export const GoldenPathCostEstimateFieldExtension = scaffolderPlugin.provide(
  createScaffolderFieldExtension<number, CostEstimateOptions>({
    name: GOLDEN_PATH_FIELDS.cost,
    component: CostEstimate,
    validation: validateCostEstimate,
  }),
);
