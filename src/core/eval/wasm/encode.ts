// The WebAssembly binary format, as much of it as the kernel needs: LEB128 numbers, f64
// constants, the opcodes, and a module of imported functions and memory, a few functions of our
// own, and their exports. Written from the spec (webassembly.github.io/spec, "Binary Format"), so
// no toolchain runs at run time.
export type Bytes = number[];

export const F64 = 0x7c;
export const I32 = 0x7f;
const FUNC_TYPE = 0x60;
const EMPTY_BLOCK = 0x40;

/** Opcodes by their text-format names. */
export const OP = {
  block: 0x02,
  loop: 0x03,
  if: 0x04,
  else: 0x05,
  end: 0x0b,
  br: 0x0c,
  brIf: 0x0d,
  return: 0x0f,
  call: 0x10,
  select: 0x1b,
  localGet: 0x20,
  localSet: 0x21,
  localTee: 0x22,
  f64Load: 0x2b,
  f64Store: 0x39,
  i32Const: 0x41,
  f64Const: 0x44,
  i32Eqz: 0x45,
  i32Eq: 0x46,
  i32Ne: 0x47,
  i32LtS: 0x48,
  i32GeS: 0x4e,
  f64Eq: 0x61,
  f64Ne: 0x62,
  f64Lt: 0x63,
  f64Gt: 0x64,
  f64Le: 0x65,
  f64Ge: 0x66,
  i32Add: 0x6a,
  i32Mul: 0x6c,
  i32And: 0x71,
  i32Or: 0x72,
  f64Abs: 0x99,
  f64Neg: 0x9a,
  f64Sqrt: 0x9f,
  f64Add: 0xa0,
  f64Sub: 0xa1,
  f64Mul: 0xa2,
  f64Div: 0xa3,
  f64ConvertI32S: 0xb7,
} as const;

export function unsigned(value: number): Bytes {
  const out: Bytes = [];
  let v = value >>> 0;
  do {
    let byte = v & 0x7f;
    v >>>= 7;
    if (v !== 0) byte |= 0x80;
    out.push(byte);
  } while (v !== 0);
  return out;
}

export function signed(value: number): Bytes {
  const out: Bytes = [];
  let v = value | 0;
  for (;;) {
    const byte = v & 0x7f;
    v >>= 7;
    const done = (v === 0 && (byte & 0x40) === 0) || (v === -1 && (byte & 0x40) !== 0);
    out.push(done ? byte : byte | 0x80);
    if (done) return out;
  }
}

const scratch = new DataView(new ArrayBuffer(8));

export function f64Const(value: number): Bytes {
  scratch.setFloat64(0, value, true);
  return [OP.f64Const, ...Array.from({ length: 8 }, (_, i) => scratch.getUint8(i))];
}

export const i32Const = (value: number): Bytes => [OP.i32Const, ...signed(value)];
export const localGet = (index: number): Bytes => [OP.localGet, ...unsigned(index)];
export const localSet = (index: number): Bytes => [OP.localSet, ...unsigned(index)];
/** Load/store an f64 at (address on the stack) + `offset` bytes. */
export const f64Load = (offset: number): Bytes => [OP.f64Load, 3, ...unsigned(offset)];
export const f64Store = (offset: number): Bytes => [OP.f64Store, 3, ...unsigned(offset)];
export const block = (body: Bytes): Bytes => [OP.block, EMPTY_BLOCK, ...body, OP.end];
export const loop = (body: Bytes): Bytes => [OP.loop, EMPTY_BLOCK, ...body, OP.end];
export const ifThen = (body: Bytes): Bytes => [OP.if, EMPTY_BLOCK, ...body, OP.end];
/**
 * `for (counter = 0; counter < slots * 8; counter += 8) body`: a loop whose i32 local `counter`
 * walks the byte offsets of `slots` f64 values (parameters, units, points); `body` may read it.
 */
export const overSlots = (counter: number, slots: number, body: Bytes): Bytes => [
  ...i32Const(0),
  ...localSet(counter),
  ...block(
    loop([
      ...localGet(counter),
      ...i32Const(slots * 8),
      OP.i32GeS,
      OP.brIf,
      1,
      ...body,
      ...localGet(counter),
      ...i32Const(8),
      OP.i32Add,
      ...localSet(counter),
      OP.br,
      0,
    ]),
  ),
];
/** `if (result type) … else … end`: the condition (i32) is on the stack. */
export const ifElse = (type: number, then: Bytes, otherwise: Bytes): Bytes => [OP.if, type, ...then, OP.else, ...otherwise, OP.end];

function name(text: string): Bytes {
  const bytes = Array.from(new TextEncoder().encode(text));
  return [...unsigned(bytes.length), ...bytes];
}

function vector(items: Bytes[]): Bytes {
  return [...unsigned(items.length), ...items.flat()];
}

function section(id: number, content: Bytes): Bytes {
  return [id, ...unsigned(content.length), ...content];
}

export interface FunctionType {
  params: number[];
  results: number[];
}

export interface ModuleSpec {
  types: FunctionType[];
  /** Imported functions (module "m"), by name and type index; they take the first function indices. */
  imports: { name: string; type: number }[];
  /** Imported memory "m"."memory", at least this many 64 KiB pages. */
  memoryPages: number;
  functions: { type: number; locals: number[]; body: Bytes; export?: string }[];
}

export function encodeModule(spec: ModuleSpec): Uint8Array {
  const types = vector(spec.types.map((t) => [FUNC_TYPE, ...vector(t.params.map((p) => [p])), ...vector(t.results.map((r) => [r]))]));
  const imports = vector([
    ...spec.imports.map((i) => [...name('m'), ...name(i.name), 0x00, ...unsigned(i.type)]),
    [...name('m'), ...name('memory'), 0x02, 0x00, ...unsigned(spec.memoryPages)],
  ]);
  const functions = vector(spec.functions.map((f) => unsigned(f.type)));
  const exports = vector(
    spec.functions.flatMap((f, i) => (f.export ? [[...name(f.export), 0x00, ...unsigned(spec.imports.length + i)]] : [])),
  );
  const code = vector(
    spec.functions.map((f) => {
      // Locals as runs of one type: (count, type) pairs.
      const runs: Bytes[] = [];
      for (let i = 0; i < f.locals.length;) {
        let j = i;
        while (j < f.locals.length && f.locals[j] === f.locals[i]) j++;
        runs.push([...unsigned(j - i), f.locals[i]]);
        i = j;
      }
      const body = [...vector(runs), ...f.body, OP.end];
      return [...unsigned(body.length), ...body];
    }),
  );
  return Uint8Array.from([
    0x00,
    0x61,
    0x73,
    0x6d,
    0x01,
    0x00,
    0x00,
    0x00,
    ...section(1, types),
    ...section(2, imports),
    ...section(3, functions),
    ...section(7, exports),
    ...section(10, code),
  ]);
}
