import {
  BackstageUserPrincipal,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError } from '@backstage/errors';
import { TrustedDirectory } from '@golden-path/plugin-golden-path-node';
import express from 'express';
import Router from 'express-promise-router';
import { normaliseUserRef } from '../inventory/permissions';
import { parseFilter } from '../metrics/query';
import { requireMetricsRead } from '../metrics/readAccess';
import { CSV_FORMATS, CsvFormat } from './csv';
import { TicketService } from './TicketService';

/**
 * `/tickets/*`: reads need `golden-path.metrics.read`; uploads and syncs need a signed-in user who
 * belongs to the importers group by trusted catalog sources. Who may write is decided before the
 * upload is read.
 */
export function createTicketsRouter(deps: {
  service: TicketService;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  directory: Pick<TrustedDirectory, 'groupsOf'>;
}) {
  const { service } = deps;
  const router = Router();

  const canRead = (req: express.Request) => requireMetricsRead(deps, req);

  /** The signed-in importer, or 403 naming the group. */
  const importer = async (req: express.Request): Promise<string> => {
    const importers = service.settings.importers;
    const credentials = await deps.httpAuth.credentials(req, {
      allow: ['user'],
    });
    const userRef = normaliseUserRef(
      (credentials.principal as BackstageUserPrincipal).userEntityRef,
    );
    if (
      !userRef ||
      !(await deps.directory.groupsOf(userRef)).includes(importers)
    )
      throw new NotAllowedError(
        `Only members of ${importers} (by trusted catalog sources) import tickets; ${
          userRef ?? 'this user'
        } is not one`,
      );
    return userRef;
  };

  router.get('/types', async (req, res) => {
    await canRead(req);
    res.json(await service.types());
  });

  router.get('/leakage', async (req, res) => {
    await canRead(req);
    const { from, to } = parseFilter(req.query as Record<string, unknown>);
    res.json(await service.leakage(from, to));
  });

  router.get('/next', async (req, res) => {
    await canRead(req);
    res.json(await service.next());
  });

  router.get('/imports', async (req, res) => {
    await canRead(req);
    res.json(await service.imports());
  });

  const csvBody = express.text({
    type: ['text/csv', 'text/plain', 'application/csv'],
    limit: service.settings.maxUploadBytes,
  });

  router.post('/imports', async (req, res) => {
    const by = await importer(req);
    const format = req.query.format;
    if (typeof format !== 'string' || !(format in CSV_FORMATS))
      throw new InputError(
        `format must be one of ${Object.keys(CSV_FORMATS).join(', ')}`,
      );
    if (!req.is(['text/csv', 'text/plain', 'application/csv']))
      throw new InputError(
        'Send the export as the body, content-type text/csv',
      );
    // Read only once the uploader is known to be an importer; too large a body answers 413.
    await new Promise<void>((resolve, reject) =>
      csvBody(req, res, e => (e ? reject(e) : resolve())),
    );
    if (typeof req.body !== 'string' || !req.body.trim())
      throw new InputError('The CSV is empty');
    res.json(await service.importCsv(format as CsvFormat, req.body, by));
  });

  router.post('/sync', async (req, res) => {
    const by = await importer(req);
    res.json({ items: await service.sync(by) });
  });

  return router;
}
