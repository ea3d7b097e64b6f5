import type {
  CustomFieldValidator,
  FieldExtensionComponentProps,
} from '@backstage/plugin-scaffolder-react';
import {
  estimateMonthlyCost,
  isPolicyChoiceKey,
  normaliseRequest,
  policyChoices,
  policyChoiceTarget,
  PolicyChoiceKey,
  PolicyChoices,
  ResourceRequest,
} from '@golden-path/plugin-golden-path-common';
import type { PolicyResponse } from '@golden-path/plugin-golden-path-common/client';
import TextField from '@material-ui/core/TextField';
import { useEffect, useRef } from 'react';
import { formApiFrom, useGoldenPathFormApi } from '../api/GoldenPathFormApi';
import { formValues, money } from './format';
import { ReadableErrorColors } from '../components/ReadableErrorColors';
import { useAsync } from './useAsync';

/** The policy picker's `ui:options`. @public */
export type PolicyPickerOptions = {
  /** Which policy choice to offer, e.g. `rds.instanceClass` or `rds.storageGb` (docs/form-fields.md). */
  policy?: string;
  /** The form field holding the environment (default `environment`). */
  environmentField?: string;
};

/** The monthly estimate of one value with every other setting at the environment's default. */
function priceOf(
  policy: PolicyResponse,
  environment: string,
  key: PolicyChoiceKey,
  value: string,
): number {
  const env = policy.environments[environment];
  const { kind, field } = policyChoiceTarget(key);
  const request = normaliseRequest(
    {
      kind,
      name: 'estimate',
      environment,
      owner: 'estimate',
      [field]: value,
    } as ResourceRequest,
    env,
  );
  return estimateMonthlyCost(request, policy.prices).monthly;
}

export function isAllowed(choices: PolicyChoices, value: unknown): boolean {
  if (choices.type === 'list')
    return typeof value === 'string' && choices.values.includes(value);
  return (
    typeof value === 'number' &&
    Number.isInteger(value) &&
    value >= choices.min &&
    value <= choices.max
  );
}

/**
 * What the picker accepts: an allowed value, or, where the environment lets approvers except the
 * rule behind it, any other value of the right type (the guardrails refuse it without an approved
 * exception, and the cost step offers to ask for one).
 */
export function isOffered(choices: PolicyChoices, value: unknown): boolean {
  if (isAllowed(choices, value)) return true;
  if (!choices.exception) return false;
  return choices.type === 'list'
    ? typeof value === 'string' && value.trim() !== '' && value.length <= 100
    : typeof value === 'number' && Number.isInteger(value) && value >= 0;
}

const OTHER = '__golden-path-other__';

/** The environment the picker follows: the form's environment field. */
const environmentOf = (formContext: unknown, options?: PolicyPickerOptions) => {
  const value =
    formValues(formContext)[options?.environmentField ?? 'environment'];
  return typeof value === 'string' && value ? value : undefined;
};

/** The field's body; PolicyPicker renders it with readable error colours. */
function PolicyPickerField(
  props: FieldExtensionComponentProps<string | number, PolicyPickerOptions>,
) {
  const {
    formData,
    onChange,
    schema,
    uiSchema,
    idSchema,
    required,
    rawErrors,
    disabled,
    formContext,
  } = props;
  const options = uiSchema?.['ui:options'];
  const key = options?.policy;
  const environment = environmentOf(formContext, options);
  const api = useGoldenPathFormApi();
  const { value: policy, error } = useAsync(
    () => (environment ? api.getPolicy(environment) : undefined),
    [api, environment],
  );
  const env = environment ? policy?.environments[environment] : undefined;
  const choices =
    env && isPolicyChoiceKey(key) ? policyChoices(env, key) : undefined;

  // When the choices arrive, a value outside them becomes the default; when the environment
  // changes, so does a value beyond the policy (an exception is asked for one environment). Not on
  // every edit: a number being typed may pass through values out of range.
  const judgedIn = useRef<string | undefined>(undefined);
  useEffect(() => {
    if (!choices) return;
    const switched =
      judgedIn.current !== undefined && judgedIn.current !== environment;
    judgedIn.current = environment;
    const keep = switched ? isAllowed : isOffered;
    if (!keep(choices, formData)) onChange(choices.default);
  }, [JSON.stringify(choices)]); // eslint-disable-line react-hooks/exhaustive-deps

  const label = schema.title ?? key;
  const common = {
    id: idSchema?.$id,
    'data-testid': `gp-field-${String(key)}`,
    label,
    fullWidth: true,
    margin: 'normal' as const,
    required,
    InputLabelProps: { shrink: true },
  };
  if (!isPolicyChoiceKey(key)) {
    return (
      <TextField
        {...common}
        disabled
        error
        helperText={`ui:options.policy "${String(key)}" is not a policy choice`}
        value=""
      />
    );
  }
  if (!environment || !choices) {
    let helper = environment
      ? 'Loading the policy…'
      : 'Choose the environment first';
    if (error) helper = `Could not load the policy: ${error.message}`;
    return (
      <TextField
        {...common}
        disabled
        error={!!error}
        helperText={helper}
        value=""
      />
    );
  }
  const currency = policy!.budget.currency;
  const beyond = choices.exception
    ? `; other values need an exception approved by ${choices.exception.approvers.replace(
        /^group:default\//,
        '',
      )} (up to ${choices.exception.maxDays} days)`
    : '';
  if (choices.type === 'range') {
    return (
      <TextField
        {...common}
        type="number"
        disabled={disabled}
        value={formData ?? ''}
        error={!!rawErrors?.length || !isOffered(choices, formData)}
        helperText={`${choices.min} to ${
          choices.max
        } in ${environment}${beyond}${
          schema.description ? `. ${schema.description}` : ''
        }`}
        inputProps={{
          ...(!choices.exception && { min: choices.min, max: choices.max }),
          step: 1,
          'data-testid': `gp-policy-${key}`,
        }}
        onChange={e =>
          onChange(e.target.value === '' ? undefined : Number(e.target.value))
        }
      />
    );
  }
  const { priced } = policyChoiceTarget(key);
  const other =
    !!choices.exception &&
    typeof formData === 'string' &&
    !choices.values.includes(formData);
  const select = (
    <TextField
      {...common}
      select
      SelectProps={{ native: true }}
      disabled={disabled}
      value={other ? OTHER : formData ?? ''}
      error={!!rawErrors?.length}
      helperText={`Allowed in ${environment}${
        priced ? '; monthly price with the environment’s defaults' : ''
      }${beyond}${schema.description ? `. ${schema.description}` : ''}`}
      inputProps={{ 'data-testid': `gp-policy-${key}` }}
      onChange={e => onChange(e.target.value === OTHER ? '' : e.target.value)}
    >
      {choices.values.map(value => (
        <option key={value} value={value}>
          {priced
            ? `${value} (about ${money(
                priceOf(policy!, environment, key, value),
                currency,
              )}/month)`
            : value}
        </option>
      ))}
      {choices.exception && (
        <option value={OTHER}>
          Another value (needs an approved exception)
        </option>
      )}
    </TextField>
  );
  if (!other) return select;
  return (
    <>
      {select}
      <TextField
        id={`${idSchema?.$id ?? key}-other`}
        data-testid={`gp-field-${key}-other`}
        label={`${label}: another value`}
        fullWidth
        margin="dense"
        value={formData}
        disabled={disabled}
        helperText={`Outside the policy of ${environment}: the run is refused unless ${choices.exception!.approvers.replace(
          /^group:default\//,
          '',
        )} approved an exception for exactly this request`}
        inputProps={{ 'data-testid': `gp-policy-${key}-other` }}
        onChange={e => onChange(e.target.value)}
      />
    </>
  );
}

/** Refuses a value outside the environment's policy when the step is submitted. @public */
export const validatePolicyChoice: CustomFieldValidator<
  string | number,
  PolicyPickerOptions
> = async (value, field, { apiHolder, formData, uiSchema }) => {
  const options = uiSchema?.['ui:options'];
  const environment = environmentOf({ formData }, options);
  const api = formApiFrom(apiHolder);
  if (!api || !environment || !isPolicyChoiceKey(options?.policy)) return;
  const env = (await api.getPolicy(environment)).environments[environment];
  if (!env) return;
  const choices = policyChoices(env, options!.policy as PolicyChoiceKey);
  if (!isOffered(choices, value)) {
    field.addError(
      choices.type === 'list'
        ? `Not allowed in ${environment}; choose one of ${choices.values.join(
            ', ',
          )}`
        : `Choose a whole number from ${choices.min} to ${choices.max} in ${environment}`,
    );
  }
};

/**
 * `GoldenPathPolicyPicker`: one policy choice (a list such as instance classes, or a range such as
 * storage) for the environment chosen in the form. The value always stays within the policy: an
 * empty or no longer allowed value is replaced by the environment's default.
 * @public
 */
export function PolicyPicker(
  props: FieldExtensionComponentProps<string | number, PolicyPickerOptions>,
) {
  return (
    <ReadableErrorColors>
      <PolicyPickerField {...props} />
    </ReadableErrorColors>
  );
}
