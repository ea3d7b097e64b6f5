import { XmlShapeDeserializer } from '@aws-sdk/core/protocols';
import { NormalizedSchema } from '@smithy/core/schema';

/**
 * The server side of the AWS wire formats, driven by the schemas each SDK client module exports
 * (operation schemas `X$`, input and output structures, and their traits). Nothing here knows a
 * particular command: the same walk decodes `RunInstances` and `CreateDBInstance`.
 */

/** The wire protocol a service speaks, as its client's `protocol` names it. */
export type WireProtocol = 'ec2Query' | 'awsQuery' | 'restXml';

/** An operation as its client module exports it: `[9, namespace, name, traits, input, output]`. */
export interface WireOperation {
  name: string;
  traits: Record<string, any>;
  input: NormalizedSchema;
  output: NormalizedSchema;
}

/** Every operation a client module exports a schema for, by name. */
export function operationsOf(
  module: Record<string, unknown>,
): Map<string, WireOperation> {
  const operations = new Map<string, WireOperation>();
  for (const value of Object.values(module)) {
    if (!Array.isArray(value) || value[0] !== 9) continue;
    const [, , name, traits, input, output] = value;
    operations.set(name, {
      name,
      traits: typeof traits === 'object' && traits ? traits : {},
      input: NormalizedSchema.of(input),
      output: NormalizedSchema.of(output),
    });
  }
  return operations;
}

/** The members a structure requires: static structure schemas list them first and count them last. */
export function requiredMembers(ns: NormalizedSchema): string[] {
  const schema = ns.getSchema() as unknown as any[];
  const count = typeof schema[6] === 'number' ? schema[6] : 0;
  return (schema[4] ?? []).slice(0, count);
}

/** A scalar from its text on the wire (query value, header, XML text). */
export function scalar(ns: NormalizedSchema, text: string): unknown {
  if (ns.isBooleanSchema()) return text === 'true';
  if (ns.isNumericSchema()) return Number(text);
  if (ns.isBigIntegerSchema()) return BigInt(text);
  if (ns.isTimestampSchema())
    return new Date(/^\d+(\.\d+)?$/.test(text) ? Number(text) * 1000 : text);
  if (ns.isBlobSchema()) return Buffer.from(text, 'base64');
  return text;
}

const capitalize = (s: string) => s[0].toUpperCase() + s.slice(1);

/** A member's name in a Query request: ec2Query prefers `ec2QueryName`, else the capitalised xmlName. */
function queryName(
  ec2: boolean,
  traits: { ec2QueryName?: unknown; xmlName?: unknown },
  name: string,
): unknown {
  if (!ec2) return traits.xmlName ?? name;
  return traits.ec2QueryName ?? capitalize(String(traits.xmlName ?? name));
}

/**
 * The parameter names of the Query protocols, the inverse of the SDK's `QueryShapeSerializer`:
 * awsQuery uses the member name (or `xmlName`) and `Name.member.N` lists, `Name.entry.N.key` maps
 * (AWS docs: "Query API request", RDS and ElastiCache API references); ec2Query uses
 * `ec2QueryName` or the capitalised `xmlName`/member name and `Name.N` lists (AWS docs: "Query
 * requests for Amazon EC2", EC2 API reference).
 */
export function decodeQuery(
  ns: NormalizedSchema,
  params: Map<string, string>,
  ec2: boolean,
): Record<string, unknown> {
  const has = (prefix: string) => {
    for (const k of params.keys())
      if (k === prefix || k.startsWith(`${prefix}.`)) return true;
    return false;
  };
  const read = (schema: NormalizedSchema, prefix: string): unknown => {
    if (schema.isStructSchema()) {
      const out: Record<string, unknown> = {};
      for (const [name, member] of schema.structIterator()) {
        const traits = member.getMergedTraits();
        const key = String(queryName(ec2, traits, name));
        const path = prefix ? `${prefix}.${key}` : key;
        if (has(path)) out[name] = read(member, path);
      }
      return out;
    }
    if (schema.isListSchema()) {
      // An empty list travels as `Name=` (awsQuery serialises empty lists).
      if (params.get(prefix) === '') return [];
      const item = schema.getValueSchema();
      const flat = ec2 || !!schema.getMergedTraits().xmlFlattened;
      const base = flat
        ? prefix
        : `${prefix}.${item.getMergedTraits().xmlName ?? 'member'}`;
      const out: unknown[] = [];
      for (let i = 1; has(`${base}.${i}`); i++)
        out.push(read(item, `${base}.${i}`));
      return out;
    }
    if (schema.isMapSchema()) {
      const flat = !!schema.getMergedTraits().xmlFlattened;
      const base = flat ? prefix : `${prefix}.entry`;
      const k = schema.getKeySchema().getMergedTraits().xmlName ?? 'key';
      const v = schema.getValueSchema().getMergedTraits().xmlName ?? 'value';
      const out: Record<string, unknown> = {};
      for (let i = 1; has(`${base}.${i}.${k}`); i++)
        out[params.get(`${base}.${i}.${k}`)!] = read(
          schema.getValueSchema(),
          `${base}.${i}.${v}`,
        );
      return out;
    }
    const text = params.get(prefix);
    return text === undefined ? undefined : scalar(schema, text);
  };
  return read(ns, '') as Record<string, unknown>;
}

const escape = (s: string) =>
  s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');

const text = (ns: NormalizedSchema, value: unknown): string => {
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (ns.isDocumentSchema() && typeof value === 'object')
    return JSON.stringify(value);
  return String(value);
};

/**
 * XML of a value of a schema, by the rules the SDK's `XmlShapeDeserializer` reads: members under
 * `xmlName` or their name, lists wrapped (items `member`, or the item's `xmlName`, e.g. EC2's
 * `item`) unless `xmlFlattened`, maps as `entry`/`key`/`value`.
 */
export function xmlOf(
  ns: NormalizedSchema,
  value: unknown,
  name: string,
): string {
  if (value === undefined || value === null) return '';
  const traits = ns.getMergedTraits();
  if (ns.isListSchema()) {
    const item = ns.getValueSchema();
    const items = (value as unknown[]).filter(v => v !== null);
    if (traits.xmlFlattened)
      return items.map(v => xmlOf(item, v, name)).join('');
    const itemName = item.getMergedTraits().xmlName ?? 'member';
    return `<${name}>${items
      .map(v => xmlOf(item, v, itemName))
      .join('')}</${name}>`;
  }
  if (ns.isMapSchema()) {
    const k = ns.getKeySchema().getMergedTraits().xmlName ?? 'key';
    const v = ns.getValueSchema().getMergedTraits().xmlName ?? 'value';
    const entries = Object.entries(value as Record<string, unknown>).map(
      ([key, val]) =>
        `<${k}>${escape(key)}</${k}>${xmlOf(ns.getValueSchema(), val, v)}`,
    );
    return traits.xmlFlattened
      ? entries.map(e => `<${name}>${e}</${name}>`).join('')
      : `<${name}>${entries
          .map(e => `<entry>${e}</entry>`)
          .join('')}</${name}>`;
  }
  if (ns.isStructSchema()) return `<${name}>${membersXml(ns, value)}</${name}>`;
  return `<${name}>${escape(text(ns, value))}</${name}>`;
}

/** The XML of a structure's members (those `skip` does not exclude), without its own element. */
export function membersXml(
  ns: NormalizedSchema,
  value: unknown,
  skip: (member: NormalizedSchema) => boolean = () => false,
): string {
  const record = (value ?? {}) as Record<string, unknown>;
  let xml = '';
  for (const [name, member] of ns.structIterator()) {
    if (skip(member)) continue;
    xml += xmlOf(
      member,
      record[name],
      member.getMemberTraits().xmlName ?? name,
    );
  }
  return xml;
}

/** Reads an XML document into a schema's shape, with the SDK's own XML deserializer. */
export function readXml(ns: NormalizedSchema, body: string): unknown {
  const deserializer = new XmlShapeDeserializer({
    timestampFormat: { useTrait: true, default: 5 },
    httpBindings: true,
  } as any);
  return deserializer.read(ns, Buffer.from(body, 'utf8'));
}

export { escape as escapeXml };
