import {
  ApiBlueprint,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import { FormFieldBlueprint } from '@backstage/plugin-scaffolder-react/alpha';
import {
  GoldenPathFormClient,
  goldenPathFormApiRef,
} from '../api/GoldenPathFormApi';

/** The form API and the three form fields, as extensions of the golden-path plugin (new frontend system). */
export const goldenPathFormExtensions = [
  ApiBlueprint.make({
    name: 'form',
    params: defineParams =>
      defineParams({
        api: goldenPathFormApiRef,
        deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
        factory: deps => new GoldenPathFormClient(deps),
      }),
  }),
  FormFieldBlueprint.make({
    name: 'environment-picker',
    params: {
      field: () =>
        import('./formFields').then(m => m.environmentPickerFormField),
    },
  }),
  FormFieldBlueprint.make({
    name: 'policy-picker',
    params: {
      field: () => import('./formFields').then(m => m.policyPickerFormField),
    },
  }),
  FormFieldBlueprint.make({
    name: 'cost-estimate',
    params: {
      field: () => import('./formFields').then(m => m.costEstimateFormField),
    },
  }),
];
