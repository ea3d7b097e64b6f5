import { AsyncLocalStorage } from 'node:async_hooks';
import { NextFunction, Request, Response, Router } from 'express';

// Why: when a step of a dry-run throws, the installed scaffolder rethrows and drops the log it
// collected, so a refused dry-run would answer only the error. The golden-path actions run inside
// the request's async context, so they add their own log lines to the request's buffer, and this
// router puts them into the 4xx answer (`log`, in the shape a successful dry-run uses).

/** One dry-run request's log lines from golden-path steps. */
interface DryRunLog {
  lines: Array<{ body: { message: string; stepId?: string } }>;
}

const current = new AsyncLocalStorage<DryRunLog>();
/** Bounds the buffer: a dry-run's plan is a few dozen lines. */
const MAX_LINES = 500;

type Logger = {
  info(m: string): void;
  warn(m: string): void;
  error(m: string): void;
};

/**
 * The action's logger, also writing into the dry-run's answer buffer when it runs in a dry-run
 * request. The lines are the ones the scaffolder logs (it redacts them the same way), never more.
 */
export function teeDryRunLog<L extends Logger>(
  logger: L,
  stepId: string | undefined,
): L {
  const log = current.getStore();
  if (!log) return logger;
  const add = (message: string) => {
    if (log.lines.length < MAX_LINES)
      log.lines.push({ body: { message, ...(stepId && { stepId }) } });
  };
  const tee = (level: 'info' | 'warn' | 'error') => (message: string) => {
    add(message);
    logger[level](message);
  };
  return Object.assign(Object.create(logger), {
    info: tee('info'),
    warn: tee('warn'),
    error: tee('error'),
  });
}

/** Mounted on the scaffolder's router: a refused `POST /v2/dry-run` answers with its golden-path log. */
export function createDryRunLogRouter(): Router {
  const router = Router();
  router.post(
    '/v2/dry-run',
    (_req: Request, res: Response, next: NextFunction) => {
      const log: DryRunLog = { lines: [] };
      const json = res.json.bind(res);
      res.json = (body: any) => {
        if (
          res.statusCode >= 400 &&
          body &&
          typeof body === 'object' &&
          body.error &&
          log.lines.length
        ) {
          return json({ ...body, log: log.lines });
        }
        return json(body);
      };
      current.run(log, () => next());
    },
  );
  return router;
}
