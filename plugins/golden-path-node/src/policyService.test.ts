import { ConfigReader } from '@backstage/config';
import { createPolicyService } from './policyService';

describe('createPolicyService', () => {
  it('defaults to plan mode and a baseline policy', () => {
    const service = createPolicyService(new ConfigReader({}));
    expect(service.decideMode('aws', true)).toEqual({
      mode: 'plan',
      reason: expect.stringMatching(/plan/),
    });
    expect(Object.keys(service.getPolicy().environments)).toEqual(['default']);
  });

  it('goes live only for providers with credentials', () => {
    const service = createPolicyService(
      new ConfigReader({
        goldenPath: { mode: 'live', github: { org: 'acme' } },
      }),
    );
    expect(service.decideMode('github', true).mode).toBe('live');
    const withoutCredentials = service.decideMode('aws', false);
    expect(withoutCredentials.mode).toBe('plan');
    expect(withoutCredentials.reason).toMatch(
      /no aws credentials are configured/,
    );
    expect(service.getTargets().githubOrg).toBe('acme');
  });

  it('fails fast on an unknown mode or an invalid policy', () => {
    expect(() =>
      createPolicyService(new ConfigReader({ goldenPath: { mode: 'yolo' } })),
    ).toThrow(/Invalid goldenPath.mode "yolo"/);
    expect(() =>
      createPolicyService(
        new ConfigReader({
          goldenPath: {
            environments: {
              dev: {
                relax: [
                  {
                    rule: 'GP-S3-PUBLIC-ACCESS-BLOCK',
                    reason: 'we want a website',
                  },
                ],
              },
            },
          },
        }),
      ),
    ).toThrow(/GP-S3-PUBLIC-ACCESS-BLOCK .* cannot be relaxed/);
  });
});
