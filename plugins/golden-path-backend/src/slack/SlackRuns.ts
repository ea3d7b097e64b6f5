import { DiscoveryService, LoggerService } from '@backstage/backend-plugin-api';
import { parseEntityRef } from '@backstage/catalog-model';
import {
  GUARDRAIL_REFUSAL_MARKER,
  isGuardrailViolation,
} from '@golden-path/plugin-golden-path-common';
import { truncate } from './fields';
import { SlackBlock, SlackClient, SlackMessage } from './SlackClient';
import { UserTokenSource } from './userTokens';

/** The parts of the scaffolder task API the runner reads (ScaffolderTasks, with the plugin's own credentials). */
export interface TaskReader {
  task(id: string): Promise<{ id: string; status: string }>;
  events(id: string): Promise<
    Array<{
      type: string;
      body: {
        message?: string;
        error?: { name?: string; message?: string };
        output?: unknown;
      };
    }>
  >;
}

/** What a submission starts. */
export interface SlackRun {
  userRef: string;
  templateRef: string;
  templateTitle: string;
  values: Record<string, unknown>;
  responseUrl: string;
}

const TERMINAL = new Set(['completed', 'failed', 'cancelled']);
/** A response_url takes messages for 30 minutes; the runner stops following a task then. */
const FOLLOW_MS = 29 * 60_000;
const MAX_TEXT = 2900;

/** Slack mrkdwn: &, < and > are control characters. */
const escape = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const section = (text: string): SlackBlock => ({
  type: 'section',
  text: { type: 'mrkdwn', text: truncate(text, MAX_TEXT) },
});

/**
 * Starts a template as the mapped user and reports to the slash command's `response_url`: the
 * task with its link, then its result (output text and links, or the refusing rule ids with their
 * fixes, or the error). The task is created with a user token of that user (see userTokens.ts),
 * so the scaffolder records them as its initiator and every guardrail judges them.
 */
export class SlackRuns {
  constructor(
    private readonly deps: {
      discovery: DiscoveryService;
      tokens: UserTokenSource;
      tasks: TaskReader;
      slack: SlackClient;
      logger: LoggerService;
      appBaseUrl?: string;
      /** Between two reads of a running task (default 2 s). */
      pollMs?: number;
    },
  ) {}

  private taskLink(id: string): string {
    const { appBaseUrl } = this.deps;
    return appBaseUrl
      ? `<${appBaseUrl}/create/tasks/${encodeURIComponent(id)}|task ${id}>`
      : `task ${id}`;
  }

  private async tell(run: SlackRun, message: SlackMessage): Promise<void> {
    try {
      await this.deps.slack.respond(run.responseUrl, message);
    } catch (e) {
      this.deps.logger.warn(
        `Golden Path Slack: could not post to the response_url for ${
          run.userRef
        } (${(e as Error).message})`,
      );
    }
  }

  /** Creates the task and follows it; every outcome ends in a message, never in a throw. */
  async run(run: SlackRun): Promise<string | undefined> {
    const title = escape(run.templateTitle);
    let id: string;
    try {
      id = await this.createTask(run);
    } catch (e) {
      this.deps.logger.warn(
        `Golden Path Slack: ${run.templateRef} for ${
          run.userRef
        } not started: ${(e as Error).message}`,
      );
      await this.tell(run, {
        text: `*${title}* was not started: ${escape((e as Error).message)}`,
      });
      return undefined;
    }
    this.deps.logger.info(
      `Golden Path Slack: task ${id} (${run.templateRef}) started as ${run.userRef}`,
    );
    await this.tell(run, {
      text: `*${title}* started as ${run.userRef}: ${this.taskLink(id)}.`,
    });
    const status = await this.follow(id);
    await this.tell(run, await this.result(run, id, status));
    return id;
  }

  private async createTask(run: SlackRun): Promise<string> {
    const token = await this.deps.tokens.tokenFor(run.userRef);
    const base = await this.deps.discovery.getBaseUrl('scaffolder');
    const res = await fetch(`${base}/v2/tasks`, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${token}`,
        'Content-Type': 'application/json',
      },
      body: JSON.stringify({
        templateRef: run.templateRef,
        values: run.values,
      }),
    });
    const body = (await res.json().catch(() => ({}))) as {
      id?: string;
      errors?: Array<{ property?: string; message?: string; stack?: string }>;
      error?: { message?: string };
    };
    if (res.status === 201 && typeof body.id === 'string') return body.id;
    if (Array.isArray(body.errors) && body.errors.length) {
      throw new Error(
        `the template refused the values: ${body.errors
          .map(e => e.stack ?? `${e.property}: ${e.message}`)
          .join('; ')}`,
      );
    }
    throw new Error(
      `the scaffolder answered ${res.status}${
        body.error?.message ? `: ${body.error.message}` : ''
      }`,
    );
  }

  /** Reads the task until it ends or the response_url expires; its last known status. */
  private async follow(id: string): Promise<string> {
    const pollMs = this.deps.pollMs ?? 2000;
    const deadline = Date.now() + FOLLOW_MS;
    let failures = 0;
    let status = 'open';
    for (;;) {
      try {
        status = (await this.deps.tasks.task(id)).status;
        failures = 0;
      } catch (e) {
        failures += 1;
        if (failures >= 5) {
          this.deps.logger.warn(
            `Golden Path Slack: stopped following task ${id} (${
              (e as Error).message
            })`,
          );
          return status;
        }
      }
      if (TERMINAL.has(status) || Date.now() > deadline) return status;
      await new Promise(r => setTimeout(r, pollMs).unref());
    }
  }

  private async result(
    run: SlackRun,
    id: string,
    status: string,
  ): Promise<SlackMessage> {
    const title = escape(run.templateTitle);
    const link = this.taskLink(id);
    if (!TERMINAL.has(status)) {
      return {
        text: `*${title}* is still ${status}; follow it in Backstage: ${link}.`,
      };
    }
    const events = await this.deps.tasks.events(id).catch(() => []);
    const completion = events.find(e => e.type === 'completion')?.body;
    if (status === 'completed') {
      const lines = this.outputLines(completion?.output);
      const text = `:white_check_mark: *${title}* completed (${link}).`;
      return {
        text,
        blocks: [section([text, ...lines].join('\n'))],
      };
    }
    if (status === 'cancelled') {
      return { text: `*${title}* was cancelled (${link}).` };
    }
    const error = completion?.error;
    const message = error?.message ?? 'the task failed';
    // The scaffolder keeps a failed step's error name and message: the shared test says whether
    // they are a guardrail refusal (whose first line lists the rule ids).
    if (
      isGuardrailViolation(
        Object.assign(new Error(message), { name: error?.name ?? 'Error' }),
      )
    ) {
      const ids =
        new RegExp(`^${GUARDRAIL_REFUSAL_MARKER} \\(([A-Z0-9, -]+)\\)`)
          .exec(message)?.[1]
          ?.split(',')
          .map(r => r.trim()) ?? [];
      const violations = message
        .split('\n')
        .slice(1)
        .filter(l => l.startsWith('['))
        .map(l => `• ${escape(l)}`);
      const text = `:no_entry: *${title}* was refused by the guardrails: ${ids.join(
        ', ',
      )} (${link}).`;
      return {
        text,
        blocks: [section([text, ...violations].join('\n'))],
      };
    }
    const text = `:x: *${title}* failed (${link}): ${escape(
      truncate(message, 1500),
    )}`;
    return { text, blocks: [section(text)] };
  }

  /** The template's output: its text entries and links (catalog links for entity refs). */
  private outputLines(output: unknown): string[] {
    const out = (output ?? {}) as {
      text?: Array<{ title?: string; content?: string }>;
      links?: Array<{ title?: string; url?: string; entityRef?: string }>;
    };
    const lines: string[] = [];
    for (const t of Array.isArray(out.text) ? out.text : []) {
      if (t?.content)
        lines.push(
          `*${escape(String(t.title ?? 'Output'))}*: ${escape(
            String(t.content),
          )}`,
        );
    }
    for (const l of Array.isArray(out.links) ? out.links : []) {
      const url = l?.url ?? this.catalogUrl(l?.entityRef);
      if (url && /^https?:\/\//.test(url))
        lines.push(
          `<${url.replace(/[<>|]/g, '')}|${escape(
            String(l.title ?? url),
          ).replace(/\|/g, '')}>`,
        );
    }
    return lines;
  }

  private catalogUrl(entityRef: string | undefined): string | undefined {
    if (!entityRef || !this.deps.appBaseUrl) return undefined;
    try {
      const { kind, namespace, name } = parseEntityRef(entityRef);
      return `${
        this.deps.appBaseUrl
      }/catalog/${namespace}/${kind.toLowerCase()}/${name}`;
    } catch {
      return undefined;
    }
  }
}
