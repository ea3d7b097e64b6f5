import {
  GuardrailViolationError,
  violationOf,
} from '@golden-path/plugin-golden-path-common';
import { withStepFailureRecord } from './stepFailures';

const at = { kind: 's3-bucket', resource: 'b', field: 'x', message: 'no' };
const refusal = new GuardrailViolationError([
  violationOf('GP-OWNERSHIP', at),
  violationOf('GP-REGION-ALLOWED', at),
  violationOf('GP-OWNERSHIP', at),
]);

function setup(fails: unknown) {
  const ledger = { recordStepFailure: jest.fn(async () => undefined) };
  const action = withStepFailureRecord(ledger, {
    id: 'golden-path:test',
    handler: async (_ctx: unknown) => {
      if (fails) throw fails;
    },
  });
  const ctx = (extra: Record<string, unknown> = {}) => ({
    task: { id: 'task-1' },
    step: { id: 'bucket' },
    logger: { warn: jest.fn() },
    ...extra,
  });
  return { ledger, action, ctx };
}

describe('withStepFailureRecord', () => {
  it('records the rules of a refusal, then rethrows it unchanged', async () => {
    const { ledger, action, ctx } = setup(refusal);
    await expect(action.handler(ctx())).rejects.toBe(refusal);
    expect(ledger.recordStepFailure).toHaveBeenCalledWith({
      taskId: 'task-1',
      stepId: 'bucket',
      refusedBy: ['GP-OWNERSHIP', 'GP-REGION-ALLOWED'],
    });
  });

  it('records any other failure with no rules', async () => {
    const error = new Error('the name is taken');
    const { ledger, action, ctx } = setup(error);
    await expect(action.handler(ctx())).rejects.toBe(error);
    expect(ledger.recordStepFailure).toHaveBeenCalledWith({
      taskId: 'task-1',
      stepId: 'bucket',
      refusedBy: [],
    });
  });

  it('records nothing for a step that succeeds, a dry run, a cancelled step or a refusal without its violations', async () => {
    const ok = setup(undefined);
    await ok.action.handler(ok.ctx());
    const dry = setup(refusal);
    await expect(dry.action.handler(dry.ctx({ isDryRun: true }))).rejects.toBe(
      refusal,
    );
    const cancelled = setup(new Error('aborted'));
    const controller = new AbortController();
    controller.abort();
    await expect(
      cancelled.action.handler(cancelled.ctx({ signal: controller.signal })),
    ).rejects.toThrow('aborted');
    // Rebuilt from a task event: only its message names the rules, so the log decides.
    const rebuilt = new Error(refusal.message);
    rebuilt.name = 'InputError';
    const bare = setup(rebuilt);
    await expect(bare.action.handler(bare.ctx())).rejects.toBe(rebuilt);
    for (const { ledger } of [ok, dry, cancelled, bare])
      expect(ledger.recordStepFailure).not.toHaveBeenCalled();
  });

  it('fails the same way when the backend cannot record it, and says so', async () => {
    const { ledger, action, ctx } = setup(refusal);
    ledger.recordStepFailure.mockRejectedValueOnce(new Error('HTTP 503'));
    const context = ctx();
    await expect(action.handler(context)).rejects.toBe(refusal);
    expect(context.logger.warn).toHaveBeenCalledWith(
      expect.stringContaining('Could not record how this step failed'),
    );
  });
});
