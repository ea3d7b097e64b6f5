import { InputError } from '@backstage/errors';
import {
  InventoryStatus,
  RESOURCE_KINDS,
} from '@golden-path/plugin-golden-path-common';
import { ResourceFilter } from '../service/ResourceStore';

const STATUSES: readonly InventoryStatus[] = [
  'planned',
  'pending',
  'creating',
  'active',
  'failed',
  'deleted',
];
export const MAX_PAGE = 500;

function text(
  query: Record<string, unknown>,
  name: string,
  maxLength: number,
): string | undefined {
  const value = query[name];
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string')
    throw new InputError(`${name} must be given once`);
  if (value.length > maxLength)
    throw new InputError(`${name} is longer than ${maxLength} characters`);
  return value;
}

function oneOf<T extends string>(
  query: Record<string, unknown>,
  name: string,
  allowed: readonly T[],
): T | undefined {
  const value = text(query, name, 64);
  if (value !== undefined && !allowed.includes(value as T))
    throw new InputError(
      `${name} must be one of ${allowed.join(', ')} (got "${value}")`,
    );
  return value as T | undefined;
}

function integer(
  query: Record<string, unknown>,
  name: string,
  fallback: number,
  min: number,
  max: number,
): number {
  const value = text(query, name, 12);
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < min || n > max)
    throw new InputError(
      `${name} must be a whole number from ${min} to ${max} (got "${value}")`,
    );
  return n;
}

/** Filters (`owner`, `kind`, `environment`, `status`, `taskId`) and paging (`offset`, `limit`) of GET /resources. */
export function parseInventoryQuery(query: Record<string, unknown>): {
  filter: ResourceFilter;
  page: { offset: number; limit: number };
} {
  return {
    filter: {
      owner: text(query, 'owner', 255),
      kind: oneOf(query, 'kind', RESOURCE_KINDS),
      environment: text(query, 'environment', 64),
      status: oneOf(query, 'status', STATUSES),
      taskId: text(query, 'taskId', 64),
    },
    page: {
      offset: integer(query, 'offset', 0, 0, 10_000_000),
      limit: integer(query, 'limit', 100, 1, MAX_PAGE),
    },
  };
}
