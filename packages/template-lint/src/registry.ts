import { UrlReaderService } from '@backstage/backend-plugin-api';
import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  createCatalogRegisterAction,
  createCatalogWriteAction,
  createDebugLogAction,
  createFetchCatalogEntityAction,
  createFetchPlainAction,
  createFetchPlainFileAction,
  createFetchTemplateAction,
  createFetchTemplateFileAction,
  createFilesystemDeleteAction,
  createFilesystemReadDirAction,
  createFilesystemRenameAction,
  createWaitAction,
} from '@backstage/plugin-scaffolder-backend';
import { createGoldenPathActions } from '@golden-path/plugin-scaffolder-backend-module-golden-path';
import { GoldenPathPolicyService } from '@golden-path/plugin-golden-path-node';
import fs from 'node:fs';
import { ActionSchema } from './types';

/** Stands in for a service an action only uses when it runs; the linter never runs one. */
function notAtLintTime<T>(name: string): T {
  return new Proxy(
    {},
    {
      get: () => () => {
        throw new Error(`${name} is not available while linting`);
      },
    },
  ) as T;
}

type GoldenPathDeps = Parameters<typeof createGoldenPathActions>[0];
type ResourceLedgerLike = GoldenPathDeps['ledger'];
type DirectoryLike = GoldenPathDeps['directory'];

/**
 * The actions of the scaffolder backend this repository runs (packages/backend): the built-ins that
 * `@backstage/plugin-scaffolder-backend` registers and the `golden-path:*` actions, built from the
 * packages' own exported factories. Their schemas are the ones the scaffolder publishes at
 * `GET /api/scaffolder/v2/actions` (a test compares the two), without running Backstage.
 * @public
 */
export function builtinActions(): ActionSchema[] {
  const integrations = ScmIntegrations.fromConfig(new ConfigReader({}));
  const reader = notAtLintTime<UrlReaderService>('UrlReaderService');
  const catalog = notAtLintTime<CatalogService>('CatalogService');
  const deps = {
    policy: notAtLintTime<GoldenPathPolicyService>('the policy service'),
    ledger: notAtLintTime<ResourceLedgerLike>('the spend ledger'),
    directory: notAtLintTime<DirectoryLike>('the trusted directory'),
  };
  const github = async () => {
    throw new Error('GitHub is not available while linting');
  };
  const aws = async () => {
    throw new Error('AWS is not available while linting');
  };
  const actions = [
    createFetchPlainAction({ reader, integrations }),
    createFetchPlainFileAction({ reader, integrations }),
    createFetchTemplateAction({ reader, integrations }),
    createFetchTemplateFileAction({ reader, integrations }),
    createDebugLogAction(),
    createWaitAction(),
    createCatalogRegisterAction({ catalog, integrations }),
    createFetchCatalogEntityAction({ catalog }),
    createCatalogWriteAction(),
    createFilesystemDeleteAction(),
    createFilesystemRenameAction(),
    createFilesystemReadDirAction(),
    ...createGoldenPathActions({ ...deps, github, aws, catalog, integrations }),
  ];
  return actions.map(a => ({
    id: a.id,
    description: a.description,
    schema: JSON.parse(JSON.stringify(a.schema ?? {})),
  }));
}

/**
 * Actions from a file holding the JSON of `GET /api/scaffolder/v2/actions` (a list of
 * `{ id, schema }`): for adopters whose scaffolder has more modules than this repository's.
 * @public
 */
export function readActionsFile(path: string): ActionSchema[] {
  const parsed = JSON.parse(fs.readFileSync(path, 'utf8'));
  const list = Array.isArray(parsed) ? parsed : parsed?.actions;
  if (!Array.isArray(list) || !list.every(a => a && typeof a.id === 'string')) {
    throw new Error(
      `${path} is not the JSON of GET /api/scaffolder/v2/actions (a list of { id, schema })`,
    );
  }
  return list;
}
