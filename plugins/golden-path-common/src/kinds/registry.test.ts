import { member, testPolicy, valid } from '../__fixtures__/policy';
import { denied } from '../__fixtures__/ruleCases';
import { estimateMonthlyCost } from '../cost/estimate';
import { evaluate } from '../evaluate';
import { RECORDING_ACTIONS } from '../inventory/record';
import { normaliseRequest } from '../normalise';
import { resolvePolicy } from '../policy/resolve';
import { ResourceKind, ResourceRequest } from '../requests';
import { CATALOG_RESOURCE_TYPES } from '../resources';
import { RULES } from '../rules/catalogue';
import { checkShape } from '../shape';
import { BASE_FIELDS } from './fields';
import {
  AWS_RESOURCE_KINDS,
  COSTED_RESOURCE_KINDS,
  CREATING_ACTIONS,
  KIND_DEFINITIONS,
  KIND_LABELS,
  KIND_REGISTRY,
  POLICY_SECTIONS,
  RESOURCE_KINDS,
} from './registry';

/**
 * A valid dev request of every kind, costing money where the kind does (S3 is billed by size).
 * Typed by kind, so a kind without a sample fails typecheck.
 */
const SAMPLES: { [K in ResourceKind]: Record<string, unknown> } = {
  ...valid,
  's3-bucket': { ...valid['s3-bucket'], expectedStorageGb: 100 },
};

const dev = testPolicy.environments.dev;
const ruleIdsOf = (request: Record<string, unknown>) =>
  evaluate(request, testPolicy, member).violations.map(v => v.ruleId);

describe('the kind registry', () => {
  it('derives every list of kinds from the registry, in its order', () => {
    const kinds = Object.keys(KIND_REGISTRY);
    expect(RESOURCE_KINDS).toEqual(kinds);
    expect(KIND_DEFINITIONS.map(d => d.kind)).toEqual(kinds);
    expect(Object.keys(RECORDING_ACTIONS)).toEqual(kinds);
    expect(Object.keys(KIND_LABELS)).toEqual(kinds);
    expect(Object.values(CREATING_ACTIONS).map(a => a.kind)).toEqual(kinds);
    expect(AWS_RESOURCE_KINDS).toEqual(
      kinds.filter(
        k => KIND_DEFINITIONS.find(d => d.kind === k)!.provider === 'aws',
      ),
    );
  });

  it('uses every policy section, and each is in every resolved profile', () => {
    const used = new Set(KIND_DEFINITIONS.map(d => d.policySection));
    expect([...used].sort()).toEqual(Object.keys(POLICY_SECTIONS).sort());
    for (const env of Object.values(testPolicy.environments)) {
      for (const name of Object.keys(POLICY_SECTIONS)) {
        expect(env).toHaveProperty(name);
      }
    }
  });

  it('gives each kind unique names, prefixes, catalog types and actions', () => {
    const unique = (values: unknown[]) =>
      new Set(values).size === values.length;
    const catalogTypes = KIND_DEFINITIONS.map(d => d.catalogType).filter(
      t => t !== null,
    );
    expect(unique(KIND_DEFINITIONS.map(d => d.label))).toBe(true);
    expect(unique(KIND_DEFINITIONS.map(d => d.refPrefix))).toBe(true);
    expect(unique(catalogTypes)).toBe(true);
    expect(unique(KIND_DEFINITIONS.map(d => d.creatingAction.id))).toBe(true);
  });

  it('refuses an unregistered kind everywhere instead of passing it', () => {
    const unknown = { ...valid['s3-bucket'], kind: 'constructor' };
    expect(checkShape(unknown).findings.map(f => f.field)).toEqual(['kind']);
    expect(() =>
      normaliseRequest(unknown as unknown as ResourceRequest, dev),
    ).toThrow(/Unknown resource kind/);
    expect(
      estimateMonthlyCost(
        unknown as unknown as ResourceRequest,
        testPolicy.prices,
      ).monthly,
    ).toBeNaN();
  });
});

const AWS_RULE_IDS = [
  'GP-REGION-ALLOWED',
  'GP-REQUIRED-TAGS',
  'GP-AWS-TAGS-VALID',
];

describe.each(AWS_RESOURCE_KINDS)('AWS kind %s', kind => {
  const sample = SAMPLES[kind];

  it('is refused outside the approved regions', () => {
    expect(ruleIdsOf({ ...sample, region: 'us-west-2' })).toContain(
      'GP-REGION-ALLOWED',
    );
  });

  it('is refused without the tags the environment requires', () => {
    expect(ruleIdsOf({ ...sample, environment: 'prod' })).toContain(
      'GP-REQUIRED-TAGS',
    );
  });
});

describe.each(KIND_DEFINITIONS.map(d => [d.kind, d] as const))(
  'kind %s',
  (kind, definition) => {
    const sample = SAMPLES[kind];
    const aws = definition.provider === 'aws';

    it('is registered under its own name, with words, a ref prefix and a catalog type', () => {
      expect(definition.kind).toBe(kind);
      expect(definition.label).toMatch(/^\S.{2,}/);
      expect(KIND_LABELS[kind]).toBe(definition.label);
      expect(definition.refPrefix).toMatch(/^[a-z]+$/);
      expect(CATALOG_RESOURCE_TYPES[kind]).toBe(
        definition.catalogType ?? undefined,
      );
      expect(definition.catalogType ?? 'none').toMatch(/^[a-z][a-z0-9-]*$/);
    });

    it('names its creating action, whose policy inputs are request fields', () => {
      const { id, policyFields } = definition.creatingAction;
      expect(id).toMatch(
        new RegExp(`^golden-path:${definition.provider}:[a-z0-9]+:[a-z]+$`),
      );
      expect(RECORDING_ACTIONS[kind]).toBe(id);
      expect(CREATING_ACTIONS[id]).toEqual({
        kind,
        ...definition.creatingAction,
      });
      for (const field of policyFields)
        expect(Object.keys(definition.fields)).toContain(field);
    });

    it('has a request shape with the common fields, accepting its sample', () => {
      for (const field of Object.keys(BASE_FIELDS))
        expect(definition.fields).toHaveProperty(field);
      expect(checkShape(sample).findings).toEqual([]);
      expect('region' in definition.fields).toBe(aws);
    });

    it('fills in secure defaults the rules allow', () => {
      const normalised = normaliseRequest(
        sample as unknown as ResourceRequest,
        dev,
      );
      expect(normalised.kind).toBe(kind);
      expect(Object.keys(normalised).length).toBeGreaterThan(
        Object.keys(sample).length,
      );
      expect(ruleIdsOf(sample)).toEqual([]);
    });

    it('has rules, each judging this kind, in the catalogue, with a refusing case', () => {
      expect(definition.rules.length).toBeGreaterThan(0);
      for (const rule of definition.rules) {
        expect(rule.kinds).toContain(kind);
        expect(RULES).toContain(rule);
        expect(
          denied.filter(c => c.rule === rule.id && c.base === kind).length,
        ).toBeGreaterThan(0);
      }
    });

    it('costs what its registry entry says: money, or nothing', () => {
      const normalised = normaliseRequest(
        sample as unknown as ResourceRequest,
        dev,
      );
      const { monthly } = estimateMonthlyCost(normalised, testPolicy.prices);
      expect(Number.isFinite(monthly)).toBe(true);
      // A costed kind must cost more than 0: a cost of 0 would pass every budget.
      expect(monthly > 0).toBe(definition.costed);
      expect(COSTED_RESOURCE_KINDS.includes(kind)).toBe(definition.costed);
    });

    it('is judged by its policy section, whose baseline resolves cleanly', () => {
      const section = POLICY_SECTIONS[definition.policySection];
      const options = { org: 'acme', region: 'eu-west-1' };
      const baseline = resolvePolicy({
        github: { org: options.org },
        aws: { region: options.region },
      }).environments.default;
      expect(section.name).toBe(definition.policySection);
      expect(baseline[definition.policySection]).toEqual(
        section.defaults(options),
      );
      expect(section.problems(baseline, testPolicy.prices, 'here')).toEqual([]);
    });

    it('gets the AWS region and tag rules exactly when it lives in AWS', () => {
      expect(AWS_RESOURCE_KINDS.includes(kind)).toBe(aws);
      for (const id of AWS_RULE_IDS) {
        expect(RULES.find(r => r.id === id)!.kinds.includes(kind)).toBe(aws);
      }
    });
  },
);
