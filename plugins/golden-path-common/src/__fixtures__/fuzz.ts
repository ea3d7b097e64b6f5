/**
 * A deterministic generator of hostile requests for the evaluator's fuzz test: valid requests of
 * every kind, then random mutations with prototype keys, nulls, non-finite and out-of-range
 * numbers, wrong types, deep nesting and long strings. No dependency: a seeded PRNG.
 */

/** mulberry32: small, fast, good enough for test data. */
export function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  return {
    next,
    int,
    chance: (p: number) => next() < p,
    pick: <T>(items: readonly T[]): T => items[int(items.length)],
  };
}

export type Rng = ReturnType<typeof prng>;

export const PROTO_WORDS = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
];

/** Sets an own, enumerable property even for `__proto__` (as JSON.parse does). */
export function setOwn(
  obj: Record<string, unknown>,
  key: string,
  value: unknown,
) {
  Object.defineProperty(obj, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}

/** Every string leaf and key of an object: the policy's own vocabulary, for near misses. */
export function vocabulary(
  value: unknown,
  out = new Set<string>(),
): Set<string> {
  if (typeof value === 'string') out.add(value);
  else if (Array.isArray(value)) value.forEach(v => vocabulary(v, out));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      out.add(k);
      vocabulary(v, out);
    }
  }
  return out;
}

const NUMBERS = [
  -1e5,
  -1,
  -0,
  0,
  0.5,
  1,
  1.5,
  2,
  3,
  4,
  6,
  7,
  13,
  14,
  20,
  20.5,
  35,
  36,
  49,
  50,
  99,
  100,
  200,
  201,
  500,
  501,
  1150,
  3306,
  5432,
  5433,
  6543,
  65535,
  65536,
  8192,
  8193,
  49152,
  1e9,
  1e308,
  -1e308,
  Number.MAX_SAFE_INTEGER,
  Number.MIN_VALUE,
  NaN,
  Infinity,
  -Infinity,
];

const STRINGS = [
  '',
  ' ',
  'a',
  'x'.repeat(2000),
  'line\nbreak',
  'tab\there',
  '\u2028',
  'nbsp\u00a0',
  'aws:owner',
  'golden-path:task-id',
  'AWS:Owner',
  '16.999-evil',
  '17.',
  '17.2',
  '16.4.1',
  '170',
  '8.0',
  '7.1.0',
  'postgres',
  'template1',
  'payments',
  'Payments_2',
  'public',
  'organization',
  'none',
  'default',
  'db.r6g.16xlarge',
  'cache.r7g.16xlarge',
  'us-east-1',
  'eu-west-1 ',
  'EU-WEST-1',
  'mysql',
  'valkey',
  'redis',
  'memcached',
  'group:default/payments',
  'group:default/checkout',
  'user:default/jane',
  '../../etc/passwd',
  '$(id)',
  'pаyments',
  '{"$gt":""}',
  'true',
  '1',
  'null',
  'NaN',
  'Infinity',
];

/** A nested object or array of the given depth, with prototype keys along the way. */
export function deep(rng: Rng, depth: number): unknown {
  let value: unknown = rng.pick([1, 'x', null, true]);
  for (let i = 0; i < depth; i++) {
    if (rng.chance(0.3)) value = [value];
    else {
      const obj: Record<string, unknown> = {};
      setOwn(obj, rng.chance(0.5) ? rng.pick(PROTO_WORDS) : 'a', value);
      value = obj;
    }
  }
  return value;
}

/** Any value at all. `words` are the policy's vocabulary. */
export function anyValue(
  rng: Rng,
  words: readonly string[],
  depth = 0,
): unknown {
  switch (rng.int(9)) {
    case 0:
      return rng.pick([null, true, false, undefined]);
    case 1:
    case 2:
      return rng.pick(NUMBERS);
    case 3:
      return rng.pick(STRINGS);
    case 4:
    case 5:
      return rng.pick(words);
    case 6:
      return rng.pick(PROTO_WORDS);
    case 7:
      return depth > 2
        ? []
        : Array.from({ length: rng.int(4) }, () =>
            anyValue(rng, words, depth + 1),
          );
    default:
      return rng.chance(0.2)
        ? deep(rng, 1 + rng.int(300))
        : randomObject(rng, words, depth + 1);
  }
}

/** A small object with prototype keys, policy words and odd values. */
export function randomObject(
  rng: Rng,
  words: readonly string[],
  depth = 0,
): Record<string, unknown> {
  const obj: Record<string, unknown> = {};
  const n = rng.int(4);
  for (let i = 0; i < n; i++) {
    const key = rng.chance(0.4) ? rng.pick(PROTO_WORDS) : rng.pick(words);
    setOwn(
      obj,
      key,
      depth > 2 ? rng.pick([null, 1, 'x']) : anyValue(rng, words, depth + 1),
    );
  }
  return obj;
}
