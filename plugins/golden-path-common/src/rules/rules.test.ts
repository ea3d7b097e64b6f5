import { member, testPolicy, valid } from '../__fixtures__/policy';
import { allowed, Case, denied } from '../__fixtures__/ruleCases';
import { evaluate } from '../evaluate';
import { describeRules } from './catalogue';

function run(c: Case) {
  const request = { ...valid[c.base], ...c.change };
  return evaluate(request, testPolicy, c.context ?? member);
}

describe('every rule', () => {
  it.each(Object.keys(valid))('allows the valid %s request', kind => {
    const result = evaluate(
      valid[kind as keyof typeof valid],
      testPolicy,
      member,
    );
    expect(result.violations).toEqual([]);
    expect(result.allowed).toBe(true);
  });

  it.each(denied.map(c => [c.rule, JSON.stringify(c.change), c] as const))(
    '%s refuses %s',
    (rule, _label, c) => {
      const result = run(c);
      expect(result.allowed).toBe(false);
      const ids = result.violations.map(v => v.ruleId);
      expect(ids).toContain(rule);
      const v = result.violations.find(x => x.ruleId === rule)!;
      expect(v.message.length).toBeGreaterThan(5);
      expect(v.fix.length).toBeGreaterThan(5);
    },
  );

  it.each(allowed.map(c => [c.rule, JSON.stringify(c.change), c] as const))(
    '%s allows %s',
    (rule, _label, c) => {
      const result = run(c);
      expect(result.violations.map(v => v.ruleId)).not.toContain(rule);
    },
  );

  it('has a refusing case for every rule in the catalogue', () => {
    const tested = new Set(denied.map(c => c.rule));
    expect(
      describeRules()
        .map(r => r.id)
        .filter(id => !tested.has(id)),
    ).toEqual([]);
  });

  it('gives every rule a stable id, title, controls, and a fix hint', () => {
    const rules = describeRules();
    expect(new Set(rules.map(r => r.id)).size).toBe(rules.length);
    for (const r of rules) {
      expect(r.id).toMatch(/^GP-[A-Z0-9-]+$/);
      expect(r.title).toBeTruthy();
      expect(r.controls.length).toBeGreaterThan(0);
      expect(r.fix).toBeTruthy();
    }
  });
});
