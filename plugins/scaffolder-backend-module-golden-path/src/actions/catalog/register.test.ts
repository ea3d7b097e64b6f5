import { ConfigReader } from '@backstage/config';
import { ConflictError } from '@backstage/errors';
import { ScmIntegrations } from '@backstage/integration';
import { actionContext } from '../../__testUtils__/context';
import { createCatalogRegisterAction } from './register';

/** The catalog's location contract: 409 on a known target unless `onConflict: refresh`. */
function fakeCatalog() {
  const targets = new Set<string>();
  const calls: any[] = [];
  return {
    calls,
    targets,
    async addLocation(request: any) {
      calls.push(request);
      const exists = targets.has(request.target);
      if (!request.dryRun) {
        if (exists && request.onConflict !== 'refresh')
          throw new ConflictError(
            `Location url:${request.target} already exists`,
          );
        targets.add(request.target);
      }
      return {
        location: { id: '1', type: 'url', target: request.target },
        exists,
        entities: [
          {
            apiVersion: 'v1',
            kind: 'Location',
            metadata: { name: 'generated-1' },
          },
          { apiVersion: 'v1', kind: 'API', metadata: { name: 'orders-api' } },
          { apiVersion: 'v1', kind: 'Component', metadata: { name: 'orders' } },
        ],
      } as any;
    },
  };
}

const integrations = ScmIntegrations.fromConfig(
  new ConfigReader({
    integrations: {
      github: [{ host: 'github.test', apiBaseUrl: 'http://127.0.0.1:1' }],
    },
  }),
);
const input = { repoContentsUrl: 'https://github.test/acme/orders/blob/main' };

describe('golden-path:catalog:register', () => {
  it('registers the descriptor and outputs the component it declares', async () => {
    const catalog = fakeCatalog();
    const ctx = actionContext(input);
    await createCatalogRegisterAction({ catalog, integrations }).handler(ctx);
    expect([...catalog.targets]).toEqual([
      'https://github.test/acme/orders/tree/main/catalog-info.yaml',
    ]);
    expect(ctx.output).toHaveBeenCalledWith(
      'entityRef',
      'component:default/orders',
    );
    expect(ctx.lines).toContain(
      'info Registered https://github.test/acme/orders/tree/main/catalog-info.yaml in the catalog',
    );
  });

  it('runs again without failing when its first attempt added the location, and says so', async () => {
    const catalog = fakeCatalog();
    const action = createCatalogRegisterAction({ catalog, integrations });
    await action.handler(actionContext(input));
    const again = actionContext(input);
    await action.handler(again);
    expect(catalog.calls.filter(c => !c.dryRun)).toEqual([
      expect.objectContaining({ onConflict: 'refresh' }),
      expect.objectContaining({ onConflict: 'refresh' }),
    ]);
    expect(again.lines[0]).toMatch(/was already registered .*; refreshed it$/);
    expect(again.output).toHaveBeenCalledWith(
      'entityRef',
      'component:default/orders',
    );
  });

  it('refuses a URL no integration covers, before calling the catalog', async () => {
    const catalog = fakeCatalog();
    await expect(
      createCatalogRegisterAction({ catalog, integrations }).handler(
        actionContext({ repoContentsUrl: 'https://elsewhere.test/x/y' }),
      ),
    ).rejects.toThrow(
      /No integration is configured for https:\/\/elsewhere.test/,
    );
    expect(catalog.calls).toEqual([]);
  });
});
