// Seeded mutations of valid JSON values for the protocol's fuzz tests: replace, delete or stretch
// one field anywhere in the tree with something hostile (wrong types, NaN, BigInt, huge values,
// cycles, getters that throw, formulas that do not fit the parameters).

/** mulberry32: a small seeded generator, so a failure repeats with its seed. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const throwing = () =>
  Object.defineProperty({}, 'kind', {
    enumerable: true,
    get() {
      throw new Error('getter');
    },
  });

function hostileValues(): unknown[] {
  const cycle: Record<string, unknown> = {};
  cycle.self = cycle;
  return [
    undefined,
    null,
    NaN,
    Infinity,
    -Infinity,
    -0,
    -1,
    0,
    0.5,
    1e6,
    1e308,
    2 ** 53 + 1,
    -3,
    10n,
    true,
    '',
    'x',
    'x'.repeat(3000),
    'sum(relu(m*x + b))',
    'a*x +',
    'constructor*x + b',
    'a*x**2 + b*x + c',
    [],
    [1, 2],
    [NaN],
    ['a'],
    {},
    { kind: 'csv' },
    cycle,
    throwing(),
    new Array(5000).fill(1),
  ];
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Every path to a field or item in `value` (a cycle or a throwing getter ends its branch). */
function paths(
  value: unknown,
  prefix: (string | number)[] = [],
  out: (string | number)[][] = [],
  seen = new Set<unknown>(),
): (string | number)[][] {
  if (!value || typeof value !== 'object' || seen.has(value)) return out;
  seen.add(value);
  let entries: (readonly [string | number, unknown])[];
  try {
    entries = Array.isArray(value) ? value.map((v, i) => [i, v] as const) : Object.entries(value);
  } catch {
    return out;
  }
  // Long lists: a few items, not all.
  for (const [key, child] of entries.slice(0, 8)) {
    out.push([...prefix, key]);
    paths(child, [...prefix, key], out, seen);
  }
  return out;
}

/** `base` (JSON) with one to three fields replaced, deleted or duplicated, picked by `random`. */
export function mutate(base: Json, random: () => number): unknown {
  const copy = JSON.parse(JSON.stringify(base)) as Json;
  const hostile = hostileValues();
  const edits = 1 + Math.floor(random() * 3);
  for (let e = 0; e < edits; e++) {
    const all = paths(copy);
    if (!all.length) break;
    const path = all[Math.floor(random() * all.length)];
    let parent = copy as Record<string | number, unknown>;
    try {
      for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
    } catch {
      continue;
    }
    if (!parent || typeof parent !== 'object') continue;
    const key = path[path.length - 1];
    const what = random();
    if (what < 0.15 && !Array.isArray(parent)) delete parent[key];
    else if (what < 0.25 && typeof parent[key] === 'number') parent[key] = (parent[key] as number) * (random() < 0.5 ? -1 : 1e9);
    else if (what < 0.3 && Array.isArray(parent[key])) (parent[key] as unknown[]).push(...(parent[key] as unknown[]));
    else parent[key] = hostile[Math.floor(random() * hostile.length)];
  }
  return copy;
}
