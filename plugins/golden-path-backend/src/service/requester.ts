import { BackstageCredentials, BackstageUserPrincipal } from '@backstage/backend-plugin-api';
import { Entity, RELATION_MEMBER_OF, stringifyEntityRef } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { Requester } from '@golden-path/plugin-golden-path-common';

/** Group refs a user entity belongs to, from its relations (what the catalog resolved). */
export function groupsOf(user: Entity | undefined): string[] {
  return (user?.relations ?? []).filter(r => r.type === RELATION_MEMBER_OF).map(r => r.targetRef);
}

/** The calling user and their groups, looked up in the catalog on behalf of the caller. */
export async function lookupRequester(
  credentials: BackstageCredentials<BackstageUserPrincipal>,
  catalog: CatalogService,
): Promise<Requester> {
  const userRef = credentials.principal.userEntityRef;
  const entity = await catalog.getEntityByRef(userRef, { credentials });
  return { userRef: entity ? stringifyEntityRef(entity) : userRef, groups: groupsOf(entity) };
}
