import * as EC2 from '@aws-sdk/client-ec2';
import * as EC from '@aws-sdk/client-elasticache';
import * as RDS from '@aws-sdk/client-rds';
import * as S3 from '@aws-sdk/client-s3';
import type { NormalizedSchema } from '@smithy/core/schema';
import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FakeAwsServiceDefinition } from '../awsFake/service';
import type { Intercept } from '../interception';
import {
  decodeQuery,
  escapeXml,
  membersXml,
  operationsOf,
  readXml,
  requiredMembers,
  scalar,
  WireOperation,
  WireProtocol,
  xmlOf,
} from './codec';

/** A blob or string payload, as the SDK reads it. */
const rawPayload = (value: unknown) =>
  typeof value === 'string' ? value : Buffer.from(value as Uint8Array);

/** A service on the wire: its SDK module (schemas and commands) and the protocol its client speaks. */
interface WireService {
  module: Record<string, unknown>;
  protocol: WireProtocol;
  /** Where response elements live (the client's `protocolSettings.xmlNamespace`). */
  xmlns: string;
  operations: Map<string, WireOperation>;
}

const service = (
  module: Record<string, unknown>,
  protocol: WireProtocol,
  xmlns: string,
): WireService => ({
  module,
  protocol,
  xmlns,
  operations: operationsOf(module),
});

/** The services by their SigV4 signing name, which every request's credential scope carries. */
const SERVICES: Record<string, WireService> = {
  ec2: service(EC2, 'ec2Query', 'http://ec2.amazonaws.com/doc/2016-11-15/'),
  rds: service(RDS, 'awsQuery', 'http://rds.amazonaws.com/doc/2014-10-31/'),
  elasticache: service(
    EC,
    'awsQuery',
    'http://elasticache.amazonaws.com/doc/2015-02-02/',
  ),
  s3: service(S3, 'restXml', 'http://s3.amazonaws.com/doc/2006-03-01/'),
};

/** What the server answers. */
interface Answer {
  status: number;
  headers: Record<string, string>;
  body: string | Buffer;
}

/** An error as the service would send it, before it is encoded in the service's format. */
class WireError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
    readonly fault: 'client' | 'server' = status >= 500 ? 'server' : 'client',
  ) {
    super(message);
  }
}

const XML_HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n';
let requests = 0;
const requestId = () =>
  `fake-aws-${(++requests).toString(16).padStart(8, '0')}`;

/**
 * An error in the service's own format. EC2: `<Response><Errors><Error><Code>` (AWS docs: EC2 API
 * reference, "Error codes for the Amazon EC2 API" / "Error response"). awsQuery:
 * `<ErrorResponse><Error><Type>Sender|Receiver</Type><Code>` with the modelled `awsQueryError`
 * code when the error has one (RDS and ElastiCache API references, "Common Errors"). S3:
 * `<Error><Code>` and no body for HEAD (Amazon S3 API reference, "Error responses" under REST
 * error responses).
 */
function errorAnswer(
  svc: WireService,
  error: WireError,
  id: string,
  head: boolean,
): Answer {
  const message = escapeXml(error.message);
  if (svc.protocol === 'ec2Query')
    return {
      status: error.status,
      headers: { 'content-type': 'text/xml;charset=UTF-8' },
      body: `${XML_HEAD}<Response><Errors><Error><Code>${escapeXml(
        error.code,
      )}</Code><Message>${message}</Message></Error></Errors><RequestID>${id}</RequestID></Response>`,
    };
  if (svc.protocol === 'awsQuery') {
    const schema = svc.module[`${error.code}$`];
    const queryError =
      Array.isArray(schema) && schema[3]?.awsQueryError?.[0]
        ? String(schema[3].awsQueryError[0])
        : error.code;
    return {
      status: error.status,
      headers: { 'content-type': 'text/xml', 'x-amzn-requestid': id },
      body: `${XML_HEAD}<ErrorResponse xmlns="${svc.xmlns}"><Error><Type>${
        error.fault === 'server' ? 'Receiver' : 'Sender'
      }</Type><Code>${escapeXml(
        queryError,
      )}</Code><Message>${message}</Message></Error><RequestId>${id}</RequestId></ErrorResponse>`,
    };
  }
  return {
    status: error.status,
    headers: { 'content-type': 'application/xml', 'x-amz-request-id': id },
    body: head
      ? ''
      : `${XML_HEAD}<Error><Code>${escapeXml(
          error.code,
        )}</Code><Message>${message}</Message><RequestId>${id}</RequestId><HostId>fake-aws</HostId></Error>`,
  };
}

/** The member's header name, lower case as Node gives headers. */
const headerOf = (member: NormalizedSchema) =>
  String(member.getMergedTraits().httpHeader).toLowerCase();

/** A REST-XML request's operation: method, URI path and the query literals of its `http` trait. */
function route(
  svc: WireService,
  method: string,
  url: URL,
): { op: WireOperation; labels: Record<string, string> } | undefined {
  // Path-style (`forcePathStyle`): the first segment is the bucket, which S3's endpoint rules
  // take out of the modelled URI.
  const [, bucket = '', ...rest] = url.pathname.split('/');
  const path = `/${rest.join('/')}`;
  let best:
    | { op: WireOperation; labels: Record<string, string>; score: number }
    | undefined;
  for (const op of svc.operations.values()) {
    const [opMethod, uri] = op.traits.http ?? [];
    if (opMethod !== method) continue;
    const [uriPath, uriQuery = ''] = String(uri).split('?');
    const names: string[] = [];
    const pattern = uriPath.replace(/\{(\w+)(\+?)\}/g, (_m, name, greedy) => {
      names.push(name);
      return greedy ? '(.+)' : '([^/]+)';
    });
    const match = new RegExp(`^${pattern}$`).exec(path);
    if (!match) continue;
    const literals = uriQuery.split('&').filter(Boolean);
    const ok = literals.every(l => {
      const [k, v] = l.split('=');
      return v === undefined
        ? url.searchParams.has(k)
        : url.searchParams.get(k) === v;
    });
    if (!ok || (best && best.score >= literals.length)) continue;
    const labels: Record<string, string> = {
      Bucket: decodeURIComponent(bucket),
    };
    names.forEach((n, i) => (labels[n] = decodeURIComponent(match[i + 1])));
    best = { op, labels, score: literals.length };
  }
  return best;
}

/** A REST-XML input from labels, query, headers and the XML (or raw) payload (Amazon S3 API reference). */
function restInput(
  op: WireOperation,
  labels: Record<string, string>,
  url: URL,
  headers: IncomingMessage['headers'],
  body: Buffer,
): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  for (const [name, member] of op.input.structIterator()) {
    const traits = member.getMergedTraits();
    if (traits.httpLabel) {
      if (labels[name] !== undefined) input[name] = labels[name];
    } else if (traits.httpQuery) {
      const values = url.searchParams.getAll(String(traits.httpQuery));
      if (values.length)
        input[name] = member.isListSchema()
          ? values.map(v => scalar(member.getValueSchema(), v))
          : scalar(member, values[0]);
    } else if (traits.httpHeader) {
      const value = headers[headerOf(member)];
      if (value !== undefined)
        input[name] = member.isListSchema()
          ? String(value)
              .split(',')
              .map(v => scalar(member.getValueSchema(), v.trim()))
          : scalar(member, String(value));
    } else if (traits.httpPayload) {
      if (!body.length) continue;
      if (member.isStructSchema())
        input[name] = readXml(member, body.toString('utf8'));
      else if (member.isBlobSchema()) input[name] = body;
      else input[name] = body.toString('utf8');
    }
  }
  return input;
}

/** A REST-XML answer: status from the `http` trait, header-bound members, the payload or body members. */
function restAnswer(
  svc: WireService,
  op: WireOperation,
  output: Record<string, any>,
  id: string,
  head: boolean,
): Answer {
  const headers: Record<string, string> = { 'x-amz-request-id': id };
  let status = Number(op.traits.http?.[2] ?? 200);
  let body: string | Buffer = '';
  const ns = op.output;
  if (ns.isStructSchema()) {
    const bound = (m: NormalizedSchema) => {
      const t = m.getMergedTraits();
      return !!(t.httpHeader || t.httpResponseCode || t.httpPrefixHeaders);
    };
    let payload: [string, NormalizedSchema] | undefined;
    for (const [name, member] of ns.structIterator()) {
      const t = member.getMergedTraits();
      const value = output[name];
      if (t.httpPayload) payload = [name, member];
      if (value === undefined || value === null) continue;
      if (t.httpHeader)
        headers[headerOf(member)] =
          value instanceof Date ? value.toUTCString() : String(value);
      if (t.httpResponseCode) status = Number(value);
    }
    if (payload) {
      const [name, member] = payload;
      const value = output[name];
      if (value !== undefined && value !== null)
        body = member.isStructSchema()
          ? XML_HEAD +
            xmlOf(
              member,
              value,
              member.getMergedTraits().xmlName ?? member.getName() ?? name,
            )
          : rawPayload(value);
    } else {
      const inner = membersXml(ns, output, bound);
      const root = ns.getMergedTraits().xmlName ?? ns.getName();
      if (inner)
        body = `${XML_HEAD}<${root} xmlns="${svc.xmlns}">${inner}</${root}>`;
    }
    if (body) headers['content-type'] = 'application/xml';
  }
  return { status, headers, body: head ? '' : body };
}

/** A Query answer: `<XResponse>` with (awsQuery) `<XResult>` and the request id (see `errorAnswer`). */
function queryAnswer(
  svc: WireService,
  op: WireOperation,
  output: Record<string, any>,
  id: string,
): Answer {
  const members = op.output.isStructSchema()
    ? membersXml(op.output, output)
    : '';
  const body =
    svc.protocol === 'ec2Query'
      ? `<${op.name}Response xmlns="${svc.xmlns}"><requestId>${id}</requestId>${members}</${op.name}Response>`
      : `<${op.name}Response xmlns="${svc.xmlns}">${
          op.output.isStructSchema()
            ? `<${op.name}Result>${members}</${op.name}Result>`
            : ''
        }<ResponseMetadata><RequestId>${id}</RequestId></ResponseMetadata></${
          op.name
        }Response>`;
  return {
    status: 200,
    headers: {
      'content-type': 'text/xml;charset=UTF-8',
      'x-amzn-requestid': id,
    },
    body: XML_HEAD + body,
  };
}

/** Region and signing name from the SigV4 credential scope `AKID/date/region/service/aws4_request`. */
function scopeOf(authorization: string | undefined) {
  const [, region, name] =
    /Credential=[^/]+\/\d+\/([^/]+)\/([^/]+)\/aws4_request/.exec(
      authorization ?? '',
    ) ?? [];
  return { region, name };
}

/** One decoded call as the wire endpoint hands it to an interception. @public */
export interface AwsWireCall {
  /** The signing name, e.g. `s3`, `rds`. */
  service: string;
  /** The operation, e.g. `CreateBucket`. */
  operation: string;
  input: Record<string, unknown>;
}

/** The wire-level AWS endpoint; see {@link startAwsWire}. */
export interface AwsWire {
  /** `http://127.0.0.1:<port>`: the endpoint override every client under test gets. */
  endpoint: string;
  /** The private client class whose `send` the fake's engine mocks, for a service definition. */
  mockTarget(def: FakeAwsServiceDefinition): object;
  /** Closes the server and every connection. */
  close(): Promise<void>;
}

/**
 * Starts an HTTP server on 127.0.0.1 that answers the real SDK clients in each service's wire
 * format. It decodes a request into the command's input with the operation's schemas, hands it
 * to a private client of the service whose `send` the fake's engine mocks (so the same stateful
 * handlers answer in both transports), and encodes the answer or error with the output schema.
 */
export async function startAwsWire(
  options: { intercept?: Intercept<AwsWireCall> } = {},
): Promise<AwsWire> {
  /** Per signing name: the subclass the engine mocks, and its instances per region. */
  const internal = new Map<
    string,
    { Client: new (config: any) => any; byRegion: Map<string, any> }
  >();
  const clientFor = (name: string, region: string) => {
    const entry = internal.get(name)!;
    if (!entry.byRegion.has(region))
      entry.byRegion.set(
        region,
        new entry.Client({
          region,
          credentials: { accessKeyId: 'internal', secretAccessKey: 'internal' },
        }),
      );
    return entry.byRegion.get(region);
  };

  async function answer(
    req: IncomingMessage,
    body: Buffer,
  ): Promise<Answer | 'drop'> {
    const id = requestId();
    const { region, name } = scopeOf(req.headers.authorization);
    const svc = SERVICES[name ?? ''];
    if (!svc || !internal.has(name))
      return {
        status: 403,
        headers: {},
        body: `${XML_HEAD}<Error><Code>InvalidClientTokenId</Code><Message>No signed service this endpoint models</Message></Error>`,
      };
    const method = req.method ?? 'GET';
    const head = method === 'HEAD';
    try {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      let op: WireOperation | undefined;
      let input: Record<string, unknown>;
      if (svc.protocol === 'restXml') {
        const routed = route(svc, method, url);
        if (!routed)
          throw new WireError(
            'MethodNotAllowed',
            'The specified method is not allowed against this resource.',
            405,
          );
        op = routed.op;
        input = restInput(op, routed.labels, url, req.headers, body);
      } else {
        const params = new Map(new URLSearchParams(body.toString('utf8')));
        const action = params.get('Action') ?? '';
        op = svc.operations.get(action);
        if (!op)
          throw new WireError(
            'InvalidAction',
            `The action ${action} is not valid for this web service.`,
            400,
          );
        input = decodeQuery(op.input, params, svc.protocol === 'ec2Query');
      }
      const missing = requiredMembers(op.input).find(
        m => input[m] === undefined,
      );
      if (missing)
        throw new WireError(
          'MissingParameter',
          `The request must contain the parameter ${missing}`,
          400,
        );
      const Command = svc.module[`${op.name}Command`] as new (
        input: unknown,
      ) => unknown;
      const interception = options.intercept
        ? await options.intercept({ service: name, operation: op.name, input })
        : 'answer';
      if (interception === 'drop-before') return 'drop';
      let output: Record<string, any>;
      try {
        output = await clientFor(name, region).send(new Command(input));
        // Handled in full; the caller never hears the answer.
        if (interception === 'drop-after') return 'drop';
      } catch (e: any) {
        if (interception === 'drop-after') return 'drop';
        throw new WireError(
          e?.name ?? 'InternalError',
          e?.message ?? String(e),
          e?.$metadata?.httpStatusCode ?? 500,
          e?.$fault,
        );
      }
      return svc.protocol === 'restXml'
        ? restAnswer(svc, op, output, id, head)
        : queryAnswer(svc, op, output, id);
    } catch (e) {
      const error =
        e instanceof WireError
          ? e
          : new WireError('InternalError', String(e), 500);
      return errorAnswer(svc, error, id, head);
    }
  }

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', c => chunks.push(c));
    req.on('end', async () => {
      const answered = await answer(req, Buffer.concat(chunks));
      if (answered === 'drop') {
        res.destroy();
        return;
      }
      const { status, headers, body } = answered;
      // The client may have given up (its request timeout) while a delayed answer was pending.
      if (res.destroyed || res.writableEnded) return;
      res.writeHead(status, {
        ...headers,
        'content-length': String(Buffer.byteLength(body)),
      });
      res.end(body);
    });
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    endpoint: `http://127.0.0.1:${port}`,
    mockTarget(def) {
      const name = def.service;
      if (!SERVICES[name])
        throw new Error(`The AWS wire does not speak to ${name}`);
      // A subclass: mocking its prototype leaves the SDK class, and so the clients under test, real.
      const client = class extends def.client {};
      internal.set(name, { Client: client, byRegion: new Map() });
      return client;
    },
    close: () =>
      new Promise<void>(resolve => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
