import { ownServiceTokens } from './pluginTokens';

function fakeAuth() {
  let signed = 0;
  let fail = false;
  const auth = {
    getOwnServiceCredentials: jest.fn(async () => ({} as any)),
    getPluginRequestToken: jest.fn(async () => {
      if (fail) throw new Error('no key');
      return { token: `token-${++signed}` };
    }),
  };
  return { auth, failNext: (v: boolean) => (fail = v) };
}

describe('ownServiceTokens', () => {
  afterEach(() => jest.useRealTimers());

  it('signs once, reuses the token for the reuse window, then signs a new one', async () => {
    jest.useFakeTimers({ now: 0 });
    const { auth } = fakeAuth();
    const token = ownServiceTokens(auth, 'golden-path', 60_000);
    expect(await Promise.all([token(), token(), token()])).toEqual([
      'token-1',
      'token-1',
      'token-1',
    ]);
    expect(auth.getPluginRequestToken).toHaveBeenCalledWith({
      onBehalfOf: {},
      targetPluginId: 'golden-path',
    });
    jest.setSystemTime(60_000);
    expect(await token()).toBe('token-2');
    expect(auth.getPluginRequestToken).toHaveBeenCalledTimes(2);
  });

  it('does not keep a failed signing', async () => {
    const { auth, failNext } = fakeAuth();
    const token = ownServiceTokens(auth, 'scaffolder');
    failNext(true);
    await expect(token()).rejects.toThrow('no key');
    failNext(false);
    expect(await token()).toBe('token-1');
  });
});
