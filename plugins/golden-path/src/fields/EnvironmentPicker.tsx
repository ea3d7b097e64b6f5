import type {
  FieldExtensionComponentProps,
  CustomFieldValidator,
} from '@backstage/plugin-scaffolder-react';
import TextField from '@material-ui/core/TextField';
import { useEffect } from 'react';
import { formApiFrom, useGoldenPathFormApi } from '../api/GoldenPathFormApi';
import { ReadableErrorColors } from '../components/ReadableErrorColors';
import { useAsync } from './useAsync';

/** The environment picker's `ui:options`. @public */
export type EnvironmentPickerOptions = {
  /** Offer only these (each must be configured); default: every configured environment. */
  allowed?: string[];
};

const offered = (configured: string[], allowed?: string[]) =>
  allowed?.length ? configured.filter(e => allowed.includes(e)) : configured;

/** The field's body; EnvironmentPicker renders it with readable error colours. */
function EnvironmentPickerField(
  props: FieldExtensionComponentProps<string, EnvironmentPickerOptions>,
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
  } = props;
  const api = useGoldenPathFormApi();
  const { value: policy, error } = useAsync(() => api.getPolicy(), [api]);
  const environments = policy
    ? offered(
        Object.keys(policy.environments),
        uiSchema?.['ui:options']?.allowed,
      )
    : [];

  // An empty or unknown value becomes the template's default when offered, else the first one.
  useEffect(() => {
    if (!environments.length || (formData && environments.includes(formData)))
      return;
    const preferred =
      typeof schema.default === 'string' &&
      environments.includes(schema.default)
        ? schema.default
        : environments[0];
    if (!formData) onChange(preferred);
  }, [environments.join(','), formData]); // eslint-disable-line react-hooks/exhaustive-deps

  const unknown = !!formData && !!policy && !environments.includes(formData);
  let helper =
    policy?.environments[formData ?? '']?.description ?? schema.description;
  if (unknown) helper = `"${formData}" is not a configured environment`;
  if (error) helper = `Could not load the policy: ${error.message}`;
  return (
    <TextField
      id={idSchema?.$id}
      data-testid="gp-field-environment"
      label={schema.title ?? 'Environment'}
      select
      SelectProps={{ native: true }}
      InputLabelProps={{ shrink: true }}
      fullWidth
      margin="normal"
      required={required}
      disabled={disabled || !policy}
      value={formData ?? ''}
      error={!!error || unknown || !!rawErrors?.length}
      helperText={helper}
      onChange={e => onChange(e.target.value)}
      inputProps={{ 'data-testid': 'gp-environment-picker' }}
    >
      {!policy && <option value="">Loading…</option>}
      {unknown && <option value={formData}>{formData}</option>}
      {environments.map(env => (
        <option key={env} value={env}>
          {env}
        </option>
      ))}
    </TextField>
  );
}

/** Refuses an environment the policy does not configure (the server refuses it too). @public */
export const validateEnvironment: CustomFieldValidator<
  string,
  EnvironmentPickerOptions
> = async (value, field, { apiHolder, uiSchema }) => {
  const api = formApiFrom(apiHolder);
  if (!api || !value) return;
  const policy = await api.getPolicy();
  const environments = offered(
    Object.keys(policy.environments),
    uiSchema?.['ui:options']?.allowed,
  );
  if (!environments.includes(value))
    field.addError(
      `"${value}" is not a configured environment; choose one of ${environments.join(
        ', ',
      )}`,
    );
};

/**
 * `GoldenPathEnvironmentPicker`: the policy profiles configured in `goldenPath.environments`, with
 * their descriptions. Other Golden Path fields read their choices from the one picked here.
 * @public
 */
export function EnvironmentPicker(
  props: FieldExtensionComponentProps<string, EnvironmentPickerOptions>,
) {
  return (
    <ReadableErrorColors>
      <EnvironmentPickerField {...props} />
    </ReadableErrorColors>
  );
}
