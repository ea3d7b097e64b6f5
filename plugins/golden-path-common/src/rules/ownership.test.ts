import { testPolicy, valid } from '../__fixtures__/policy';
import { evaluate } from '../evaluate';

describe('GP-OWNERSHIP', () => {
  it('tells a sign-in without teams in the trusted catalog how to fix it', () => {
    const result = evaluate([valid['s3-bucket']], testPolicy, {
      requester: { userRef: 'user:development/guest', groups: [] },
    });
    expect(result.allowed).toBe(false);
    const [violation] = result.violations.filter(
      v => v.ruleId === 'GP-OWNERSHIP',
    );
    expect(violation.message).toContain(
      'user:development/guest belongs to no team in the trusted catalog',
    );
    expect(violation.message).toContain('auth.providers.guest.userEntityRef');
  });

  it('names the team a member of other teams is not in', () => {
    const result = evaluate([valid['s3-bucket']], testPolicy, {
      requester: { userRef: 'user:default/jane', groups: ['group:default/x'] },
    });
    const [violation] = result.violations.filter(
      v => v.ruleId === 'GP-OWNERSHIP',
    );
    expect(violation.message).toMatch(/user:default\/jane is not a member of/);
  });
});
