import { createExtensionTester } from '@backstage/frontend-test-utils';
import {
  ScaffolderFieldExtensions,
  useCustomFieldExtensions,
} from '@backstage/plugin-scaffolder-react';
import { FormFieldBlueprint } from '@backstage/plugin-scaffolder-react/alpha';
import { featureFlagsApiRef } from '@backstage/core-plugin-api';
import { TestApiProvider } from '@backstage/test-utils';
import { renderHook } from '@testing-library/react';
import { PropsWithChildren } from 'react';
import goldenPathPlugin from '../alpha';
import {
  GoldenPathCostEstimateFieldExtension,
  GoldenPathEnvironmentPickerFieldExtension,
  GoldenPathPolicyPickerFieldExtension,
} from '../index';
import { CostEstimate } from './CostEstimate';
import { EnvironmentPicker } from './EnvironmentPicker';
import { PolicyPicker } from './PolicyPicker';

const expected = [
  ['GoldenPathEnvironmentPicker', EnvironmentPicker],
  ['GoldenPathPolicyPicker', PolicyPicker],
  ['GoldenPathCostEstimate', CostEstimate],
] as const;

describe('form field registration', () => {
  it('legacy frontend system: the main entry exports scaffolder field extensions', () => {
    const wrapper = ({ children }: PropsWithChildren<{}>) => (
      <TestApiProvider
        apis={[[featureFlagsApiRef, { isActive: () => false } as any]]}
      >
        {children}
      </TestApiProvider>
    );
    const { result } = renderHook(
      () =>
        useCustomFieldExtensions(
          <ScaffolderFieldExtensions>
            <GoldenPathEnvironmentPickerFieldExtension />
            <GoldenPathPolicyPickerFieldExtension />
            <GoldenPathCostEstimateFieldExtension />
          </ScaffolderFieldExtensions>,
        ),
      { wrapper },
    );
    expect(result.current.map(e => [e.name, e.component])).toEqual(expected);
    expect(result.current.every(e => typeof e.validation === 'function')).toBe(
      true,
    );
  });

  it('new frontend system: ./alpha adds the form API and one FormFieldBlueprint per field', async () => {
    const ids = ['environment-picker', 'policy-picker', 'cost-estimate'].map(
      n => `scaffolder-form-field:golden-path/${n}`,
    );
    const fields: unknown[] = [];
    for (const id of ids) {
      const extension = goldenPathPlugin.getExtension(id as any);
      const loader = createExtensionTester(extension as any).get(
        FormFieldBlueprint.dataRefs.formFieldLoader,
      ) as () => Promise<unknown>;
      fields.push(await loader());
    }
    expect(fields.map((f: any) => [f.name, f.component])).toEqual(expected);
    expect(
      goldenPathPlugin.getExtension('api:golden-path/form' as any),
    ).toBeDefined();
  });
});
