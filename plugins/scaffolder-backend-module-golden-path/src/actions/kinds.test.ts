import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import {
  CREATING_ACTIONS,
  KIND_REGISTRY,
  ResourceKind,
  RESOURCE_KINDS,
} from '@golden-path/plugin-golden-path-common';
import fs from 'node:fs';
import path from 'node:path';
import { testGuardDeps, testPolicyService } from '../__testUtils__/context';
import { createGoldenPathActions } from '.';
import { CATALOG_REGISTER_ID } from './catalog/register';
import { GUARDRAILS_CHECK_ID } from './guardrails/check';
import { KIND_ACTIONS } from './kinds';

const noProvider = async () => {
  throw new Error('no provider in this test');
};
const actions = createGoldenPathActions({
  ...testGuardDeps,
  policy: testPolicyService(),
  github: noProvider,
  aws: noProvider,
  catalog: { addLocation: noProvider },
  integrations: ScmIntegrations.fromConfig(new ConfigReader({})),
});
const registered = new Map(actions.map(a => [a.id, a]));
const kinds = Object.keys(KIND_REGISTRY) as ResourceKind[];

describe('the actions of the kind registry', () => {
  it('has an action for exactly the registered kinds', () => {
    expect(Object.keys(KIND_ACTIONS).sort()).toEqual([...kinds].sort());
  });

  it.each(kinds)(
    '%s: the registry names the id of the action registered for it',
    kind => {
      const { id } = KIND_REGISTRY[kind].creatingAction;
      expect(KIND_ACTIONS[kind].id).toBe(id);
      expect(registered.get(id)?.id).toBe(id);
      expect(CREATING_ACTIONS[id]?.kind).toBe(kind);
    },
  );

  it.each(kinds)(
    '%s: its action takes every input the policy judges, has examples and a dry run',
    kind => {
      const { id, policyFields } = KIND_REGISTRY[kind].creatingAction;
      const action = registered.get(id)!;
      const inputs = Object.keys(
        JSON.parse(JSON.stringify(action.schema ?? {})).input?.properties ?? {},
      );
      expect(inputs).toEqual(expect.arrayContaining([...policyFields]));
      expect(action.examples?.length).toBeGreaterThan(0);
      expect(action.supportsDryRun).toBe(true);
    },
  );

  it.each(kinds)(
    '%s: lives in actions/<provider>/<kind>/ with its action, plan, examples and tests',
    kind => {
      const folder = path.join(__dirname, KIND_REGISTRY[kind].provider, kind);
      for (const file of [
        'action.ts',
        'plan.ts',
        'examples.ts',
        'action.test.ts',
      ])
        expect(fs.existsSync(path.join(folder, file)) && file).toBe(file);
    },
  );

  it('registers only the guardrails check, the creating actions and the registration, once each, in registry order', () => {
    const ids = actions.map(a => a.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual([
      GUARDRAILS_CHECK_ID,
      ...RESOURCE_KINDS.map(k => KIND_REGISTRY[k].creatingAction.id),
      CATALOG_REGISTER_ID,
    ]);
    expect(Object.keys(CREATING_ACTIONS).sort()).toEqual(
      ids.slice(1, -1).sort(),
    );
  });
});
