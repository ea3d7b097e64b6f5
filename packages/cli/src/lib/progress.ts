import { colours, Io, isInteractive, terminalSafe, writeLine } from './output';

/** One event of a scaffolder task (`/v2/tasks/:id/events`, `/eventstream`, a dry-run's `log`). */
export interface TaskEvent {
  id?: number;
  type: string;
  createdAt?: string;
  isTaskRecoverable?: boolean;
  body: {
    message?: string;
    stepId?: string;
    status?: string;
    output?: Record<string, unknown>;
    error?: { name?: string; message?: string };
  };
}

const SPINNER = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

/**
 * Shows a task as it runs: a line when each step starts and ends (with its number of the total and
 * how long it took), every log line indented under its step, and on a terminal a live line at the
 * bottom with the running step and its elapsed time.
 */
export class TaskProgress {
  private readonly started = new Map<string, number>();
  private current?: string;
  private frame = 0;
  private timer?: NodeJS.Timeout;
  private statusShown = false;
  private readonly live: boolean;
  private readonly c: ReturnType<typeof colours>;

  constructor(
    private readonly io: Io,
    private readonly steps: Array<{ id: string; name?: string }>,
    options: { live?: boolean } = {},
  ) {
    this.live = options.live ?? isInteractive(io.out);
    this.c = colours(isInteractive(io.out));
    if (this.live) {
      this.timer = setInterval(() => this.drawStatus(), 120);
      this.timer.unref();
    }
  }

  private label(stepId: string): string {
    const at = this.steps.findIndex(s => s.id === stepId);
    const step = this.steps[at];
    return at < 0
      ? stepId
      : `[${at + 1}/${this.steps.length}] ${step.name ?? step.id}`;
  }

  private clearStatus() {
    if (this.statusShown) {
      this.io.out.write('\r\u001b[2K');
      this.statusShown = false;
    }
  }

  private drawStatus() {
    if (!this.live || !this.current) return;
    const since = this.started.get(this.current) ?? Date.now();
    const seconds = Math.max(0, Math.round((Date.now() - since) / 1000));
    this.frame = (this.frame + 1) % SPINNER.length;
    this.clearStatus();
    this.io.out.write(
      this.c.cyan(
        `${SPINNER[this.frame]} ${this.label(this.current)} · ${seconds}s`,
      ),
    );
    this.statusShown = true;
  }

  private print(line: string) {
    this.clearStatus();
    writeLine(this.io.out, line);
    this.drawStatus();
  }

  /** When the event happened; undefined for a dry-run's log, which has no times. */
  private time(event: TaskEvent): number | undefined {
    const t = event.createdAt ? Date.parse(event.createdAt) : NaN;
    return Number.isFinite(t) ? t : undefined;
  }

  /** Shows one event. Completion and cancellation are left to the caller's summary. */
  event(event: TaskEvent) {
    if (event.type !== 'log') return;
    const { stepId, status, message = '' } = event.body;
    if (stepId && status) {
      const label = this.label(stepId);
      if (status === 'processing') {
        const at = this.time(event);
        if (at !== undefined) this.started.set(stepId, at);
        this.current = stepId;
        this.print(this.c.bold(`▶ ${label}`));
        return;
      }
      const since = this.started.get(stepId);
      const at = this.time(event);
      const took =
        since !== undefined && at !== undefined
          ? ` (${((at - since) / 1000).toFixed(1)}s)`
          : '';
      if (this.current === stepId) this.current = undefined;
      if (status === 'completed') this.print(this.c.green(`✔ ${label}${took}`));
      else if (status === 'skipped')
        this.print(this.c.dim(`↷ ${label}: skipped (${message})`));
      else if (status === 'failed') {
        this.printMessage(message);
        this.print(this.c.red(`✖ ${label} failed${took}`));
      } else if (status === 'cancelled')
        this.print(this.c.yellow(`■ ${label} cancelled`));
      else this.printMessage(message);
      return;
    }
    this.printMessage(message, !stepId);
  }

  private printMessage(message: string, taskLevel = false) {
    const text = terminalSafe(message, isInteractive(this.io.out));
    for (const line of text.replace(/\s+$/, '').split(/\r?\n/))
      this.print(taskLevel ? this.c.dim(line) : `  │ ${line}`);
  }

  /** Stops the live line. */
  stop() {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.current = undefined;
    this.clearStatus();
  }
}
