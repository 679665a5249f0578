/**
 * Seeded mutations of authentic RingCentral bodies for the fuzz test and `npm run fuzz`: values
 * swapped for hostile strings (NUL, controls, lone surrogates, odd unicode, megabyte text), for
 * non-scalars (deep objects, arrays, null), keys dropped or added, and raw bytes flipped or cut.
 */

/** mulberry32: a small seeded PRNG, so a failing run can be replayed from its seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const deep = (depth: number): Json => {
  let value: Json = 'bottom';
  for (let i = 0; i < depth; i += 1) value = i % 2 ? [value] : { a: value };
  return value;
};

/** Hostile replacements for a string value, given the value it replaces. */
const STRING_MUTATIONS: ((s: string, r: () => number) => Json)[] = [
  (s) => `${s}\u0000`,
  (s) => `${s.slice(0, 3)}\u0000${s.slice(3)}help`,
  (s) => `${s}\uD800`,
  (s) => `\uDC00${s}`,
  (s) => `${s}\u001b[31m`,
  (s) => `${s}\u0007\u0008`,
  (s) => `${s}\u007f`,
  (s) => s.replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d))), // fullwidth digits
  (s) => `${s}\u202e\u200b`,
  (s) => `${s}👍🏽`,
  () => '',
  () => ' ',
  (s) => s.repeat(2000).slice(0, 100_000),
  () => 'x'.repeat(300_000),
  (s) => `${s}'; DROP TABLE bot_installations; --`,
  (s) => `../../${s}%00`,
  (s) => `${s}\r\n\r\nX-Injected: 1`,
  () => '~',
  () => '-1',
  (s, r) => s.split('').sort(() => r() - 0.5).join(''),
];

/** Hostile replacements for any value. */
const VALUE_MUTATIONS: ((r: () => number) => Json)[] = [
  () => null,
  () => true,
  () => 0,
  () => -1,
  () => 1.5,
  () => 1e308,
  () => 2 ** 64,
  () => [],
  () => ['12345', { id: '12345' }],
  () => ({}),
  () => ({ $gt: '' }),
  () => JSON.parse('{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}},"toString":"x"}') as Json,
  () => deep(40),
  () => deep(3000),
  (r) => Array.from({ length: 5000 }, (_, i) => (r() < 0.5 ? i : String(i))),
];

/** Every place a mutation may land: the authentic fields, not the inside of junk an earlier round put in. */
function paths(value: Json, prefix: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  out.push(prefix);
  if (prefix.length >= 6) return out;
  if (Array.isArray(value)) value.slice(0, 20).forEach((v, i) => paths(v, [...prefix, i], out));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value).slice(0, 60)) paths(v, [...prefix, k], out);
  return out;
}

function getAt(value: Json, path: (string | number)[]): Json {
  let node: Json = value;
  for (const key of path) node = (node as Record<string | number, Json>)[key] as Json;
  return node;
}

function setAt(value: Json, path: (string | number)[], next: Json | undefined): Json {
  if (path.length === 0) return next === undefined ? null : next;
  const parent = getAt(value, path.slice(0, -1)) as Record<string | number, Json> | Json[];
  const key = path[path.length - 1]!;
  if (next === undefined) {
    if (Array.isArray(parent)) parent.splice(Number(key), 1);
    else delete (parent as Record<string, Json>)[key];
  } else (parent as Record<string | number, Json>)[key] = next;
  return value;
}

const pick = <T>(r: () => number, items: readonly T[]): T => items[Math.floor(r() * items.length)]!;

/** One structural mutation of a JSON value (a fresh copy). */
export function mutateJson(original: Json, r: () => number): Json {
  let value = structuredClone(original);
  const rounds = 1 + Math.floor(r() * 3);
  for (let i = 0; i < rounds; i += 1) {
    const all = paths(value);
    const path = pick(r, all.length > 1 ? all.slice(1) : all);
    const current = getAt(value, path);
    const roll = r();
    if (typeof current === 'string' && roll < 0.6) value = setAt(value, path, pick(r, STRING_MUTATIONS)(current, r));
    else if (roll < 0.85) value = setAt(value, path, pick(r, VALUE_MUTATIONS)(r));
    else if (roll < 0.95) value = setAt(value, path, undefined);
    else if (value && typeof value === 'object' && !Array.isArray(value)) (value as Record<string, Json>)[`x${Math.floor(r() * 1000)}`] = pick(r, VALUE_MUTATIONS)(r);
  }
  return value;
}

/** One mutated body as bytes: mostly a structural mutation, sometimes raw byte damage of the JSON text. */
export function mutateBody(original: object, r: () => number): Buffer {
  const roll = r();
  if (roll < 0.8) return Buffer.from(JSON.stringify(mutateJson(original as Json, r)), 'utf8');
  const bytes = Buffer.from(JSON.stringify(original), 'utf8');
  const at = Math.floor(r() * bytes.length);
  if (roll < 0.87) return bytes.subarray(0, at); // cut short
  if (roll < 0.94) {
    const copy = Buffer.from(bytes);
    copy[at] = Math.floor(r() * 256); // one byte flipped: often invalid UTF-8 or broken JSON
    return copy;
  }
  return Buffer.concat([bytes.subarray(0, at), Buffer.from([0xc3, 0x28, 0xed, 0xa0, 0x80, 0x00]), bytes.subarray(at)]);
}
