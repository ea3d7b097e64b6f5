import { createHmac, randomBytes } from 'node:crypto';
import http from 'node:http';
import { AddressInfo } from 'node:net';

/**
 * A local Slack stand-in: the Web API methods the Golden Path Slack door calls (users.info,
 * views.open, views.update) in Slack's documented request and answer shapes, and `response_url`s
 * that record what they receive. Every Web API call must carry the bot token; views are checked
 * against Slack's modal limits (title 24 characters, 100 blocks, unique block ids, known input
 * elements, private_metadata 3000 characters) and a trigger id works once, as in Slack.
 */

export interface FakeSlackUser {
  id: string;
  team_id: string;
  email?: string;
  deleted?: boolean;
  is_bot?: boolean;
  is_email_confirmed?: boolean;
}

export interface RecordedView {
  id: string;
  hash: string;
  view: any;
}

export const TEAM_ID = 'T0GOLDEN1';

const INPUT_ELEMENTS = new Set([
  'plain_text_input',
  'static_select',
  'multi_static_select',
  'number_input',
  'checkboxes',
]);

/** Why a view is not one Slack would accept, or undefined. */
export function viewProblem(view: any): string | undefined {
  if (view?.type !== 'modal') return 'type must be modal';
  for (const key of ['title', 'submit', 'close']) {
    const t = view[key];
    if (key === 'title' || t) {
      if (t?.type !== 'plain_text' || typeof t.text !== 'string')
        return `${key} must be plain_text`;
      if (t.text.length > 24) return `${key} longer than 24 characters`;
    }
  }
  if (typeof view.callback_id !== 'string' || view.callback_id.length > 255)
    return 'callback_id';
  if (
    view.private_metadata !== undefined &&
    (typeof view.private_metadata !== 'string' ||
      view.private_metadata.length > 3000)
  )
    return 'private_metadata longer than 3000 characters';
  if (!Array.isArray(view.blocks) || view.blocks.length > 100)
    return 'blocks: at most 100';
  const ids = new Set<string>();
  for (const block of view.blocks) {
    if (block.block_id !== undefined) {
      if (typeof block.block_id !== 'string' || block.block_id.length > 255)
        return 'block_id longer than 255 characters';
      if (ids.has(block.block_id))
        return `duplicate block_id ${block.block_id}`;
      ids.add(block.block_id);
    }
    if (block.type === 'input') {
      if (block.label?.type !== 'plain_text' || block.label.text.length > 2000)
        return `input ${block.block_id}: label`;
      if (block.hint && block.hint.text.length > 2000)
        return `input ${block.block_id}: hint`;
      const el = block.element;
      if (!INPUT_ELEMENTS.has(el?.type))
        return `input ${block.block_id}: element ${el?.type}`;
      if (typeof el.action_id !== 'string') return 'action_id';
      if (el.options) {
        if (!el.options.length || el.options.length > 100)
          return `input ${block.block_id}: 1 to 100 options`;
        for (const o of el.options) {
          if (o.text?.type !== 'plain_text' || o.text.text.length > 75)
            return `input ${block.block_id}: option text`;
          if (typeof o.value !== 'string' || o.value.length > 150)
            return `input ${block.block_id}: option value`;
        }
      }
      if (
        el.type === 'number_input' &&
        typeof el.is_decimal_allowed !== 'boolean'
      )
        return `input ${block.block_id}: is_decimal_allowed`;
    } else if (
      !['section', 'context', 'header', 'divider'].includes(block.type)
    ) {
      return `block type ${block.type}`;
    } else if (block.type === 'section' && block.text?.text?.length > 3000) {
      return 'section text longer than 3000 characters';
    }
  }
  return undefined;
}

export async function startFakeSlack(options: {
  botToken: string;
  users: FakeSlackUser[];
}) {
  const calls: Array<{ method: string; body: any }> = [];
  const views = new Map<string, RecordedView>();
  const opened: RecordedView[] = [];
  const updated: RecordedView[] = [];
  const responses = new Map<string, any[]>();
  const triggers = new Set<string>();
  let viewCount = 0;

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', c => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const answer = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      const url = new URL(req.url ?? '/', 'http://slack');
      const response = /^\/response\/([a-z0-9]+)$/.exec(url.pathname);
      if (response) {
        // A response_url: JSON messages, answered as Slack does.
        const list = responses.get(response[1]);
        if (!list || req.method !== 'POST') return answer(404, 'no_such_url');
        if (req.headers.authorization)
          return answer(400, { ok: false, error: 'unexpected_auth' });
        list.push(JSON.parse(raw));
        return answer(200, { ok: true });
      }
      const method = /^\/api\/([a-z.]+)$/.exec(url.pathname)?.[1];
      if (!method || req.method !== 'POST')
        return answer(404, { ok: false, error: 'unknown_method' });
      if (req.headers.authorization !== `Bearer ${options.botToken}`)
        return answer(200, { ok: false, error: 'invalid_auth' });
      const type = String(req.headers['content-type'] ?? '');
      let body: any;
      if (type.startsWith('application/x-www-form-urlencoded')) {
        body = Object.fromEntries(new URLSearchParams(raw));
      } else if (type.startsWith('application/json')) {
        body = JSON.parse(raw);
      } else return answer(200, { ok: false, error: 'invalid_form_data' });
      calls.push({ method, body });
      switch (method) {
        case 'users.info': {
          // A read method: Slack takes it form-encoded.
          if (!type.startsWith('application/x-www-form-urlencoded'))
            return answer(200, { ok: false, error: 'invalid_arguments' });
          const user = options.users.find(u => u.id === body.user);
          if (!user) return answer(200, { ok: false, error: 'user_not_found' });
          return answer(200, {
            ok: true,
            user: {
              id: user.id,
              team_id: user.team_id,
              name: user.id.toLowerCase(),
              deleted: !!user.deleted,
              is_bot: !!user.is_bot,
              is_email_confirmed: user.is_email_confirmed ?? true,
              profile: {
                real_name: user.id,
                ...(user.email && { email: user.email }),
              },
            },
          });
        }
        case 'views.open': {
          if (!triggers.delete(body.trigger_id))
            return answer(200, { ok: false, error: 'invalid_trigger_id' });
          const problem = viewProblem(body.view);
          if (problem)
            return answer(200, {
              ok: false,
              error: 'invalid_arguments',
              response_metadata: { messages: [problem] },
            });
          viewCount += 1;
          const recorded = {
            id: `V${viewCount}`,
            hash: randomBytes(6).toString('hex'),
            view: body.view,
          };
          views.set(recorded.id, recorded);
          opened.push(recorded);
          return answer(200, {
            ok: true,
            view: { id: recorded.id, hash: recorded.hash, ...body.view },
          });
        }
        case 'views.update': {
          const current = views.get(body.view_id);
          if (!current) return answer(200, { ok: false, error: 'not_found' });
          if (body.hash && body.hash !== current.hash)
            return answer(200, { ok: false, error: 'hash_conflict' });
          const problem = viewProblem(body.view);
          if (problem)
            return answer(200, {
              ok: false,
              error: 'invalid_arguments',
              response_metadata: { messages: [problem] },
            });
          const next = {
            id: current.id,
            hash: randomBytes(6).toString('hex'),
            view: body.view,
          };
          views.set(current.id, next);
          updated.push(next);
          return answer(200, {
            ok: true,
            view: { id: next.id, hash: next.hash, ...body.view },
          });
        }
        default:
          return answer(200, { ok: false, error: 'unknown_method' });
      }
    });
  });
  await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    origin,
    apiBaseUrl: `${origin}/api`,
    calls,
    opened,
    updated,
    /** A fresh trigger id, as Slack puts in a slash command (usable once). */
    trigger(): string {
      const id = `${Date.now()}.${randomBytes(4).toString('hex')}`;
      triggers.add(id);
      return id;
    },
    /** A fresh response_url and the messages it receives. */
    responseUrl(): { url: string; messages: any[] } {
      const key = randomBytes(6).toString('hex');
      const messages: any[] = [];
      responses.set(key, messages);
      return { url: `${origin}/response/${key}`, messages };
    },
    stop: () => new Promise<void>(r => server.close(() => r())),
  };
}

export type FakeSlack = Awaited<ReturnType<typeof startFakeSlack>>;

/** Slack's signing: `v0=` + HMAC-SHA256 of `v0:{timestamp}:{body}` with the signing secret. */
export function sign(secret: string, timestamp: number, body: string): string {
  return `v0=${createHmac('sha256', secret)
    .update(`v0:${timestamp}:${body}`)
    .digest('hex')}`;
}

/**
 * The state Slack sends with a view_submission for a view the user filled in: each input's
 * initial value unless `answers` (by parameter name) says otherwise.
 */
export function fillView(view: any, answers: Record<string, unknown>) {
  const values: Record<string, Record<string, unknown>> = {};
  for (const block of view.blocks) {
    if (block.type !== 'input') continue;
    const el = block.element;
    const name = String(block.block_id).replace(/^gp:/, '').replace(/@.*$/, '');
    const given = Object.prototype.hasOwnProperty.call(answers, name)
      ? answers[name]
      : undefined;
    let state: Record<string, unknown>;
    switch (el.type) {
      case 'plain_text_input':
        state = { value: given ?? el.initial_value ?? null };
        break;
      case 'number_input':
        state = {
          value: given !== undefined ? String(given) : el.initial_value ?? null,
        };
        break;
      case 'static_select': {
        const option =
          given !== undefined
            ? el.options.find((o: any) => o.value === given) ?? {
                text: { type: 'plain_text', text: String(given) },
                value: String(given),
              }
            : el.initial_option ?? null;
        state = { selected_option: option };
        break;
      }
      case 'multi_static_select':
        state = {
          selected_options:
            given !== undefined
              ? el.options.filter((o: any) =>
                  (given as string[]).includes(o.value),
                )
              : el.initial_options ?? [],
        };
        break;
      case 'checkboxes': {
        let selected = el.initial_options ?? [];
        if (given !== undefined) selected = given ? el.options : [];
        state = { selected_options: selected };
        break;
      }
      default:
        throw new Error(`unknown element ${el.type}`);
    }
    values[block.block_id] = { [el.action_id]: { type: el.type, ...state } };
  }
  return values;
}
