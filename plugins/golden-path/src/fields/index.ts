export {
  GoldenPathEnvironmentPickerFieldExtension,
  GoldenPathPolicyPickerFieldExtension,
  GoldenPathCostEstimateFieldExtension,
} from './legacy';
export { EnvironmentPicker, validateEnvironment } from './EnvironmentPicker';
export type { EnvironmentPickerOptions } from './EnvironmentPicker';
export { PolicyPicker, validatePolicyChoice } from './PolicyPicker';
export type { PolicyPickerOptions } from './PolicyPicker';
export { CostEstimate, validateCostEstimate } from './CostEstimate';
export type { CostEstimateOptions } from './CostEstimate';
export { GOLDEN_PATH_FIELDS } from './names';
