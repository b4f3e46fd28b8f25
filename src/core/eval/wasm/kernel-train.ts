// The fused gradient-descent function of the WebAssembly kernel: `train(steps, lossKind,
// accumulate)` makes up to `steps` updates exactly as Trainer.run makes them (evaluate; stop if the
// loss, a parameter or a gradient is not finite; keep the last good parameters; record the loss;
// update), calling the kernel's evaluations specialised to MAE and MSE. With few parameters every
// per-parameter step is unrolled; with many (vector parameters) it is one loop over them.
import {
  block,
  Bytes,
  F64,
  f64Const,
  f64Load,
  f64Store,
  I32,
  i32Const,
  ifElse,
  ifThen,
  localGet,
  localSet,
  loop,
  OP,
  overSlots,
  unsigned,
} from './encode';

/** Parameters up to which the per-parameter work is unrolled (beyond it, a loop: smaller code, same result). */
const UNROLL_PARAMS = 16;

/** Byte offsets of the regions `train` reads and writes. */
export interface TrainRegions {
  params: number;
  grad: number;
  direction: number;
  lastGood: number;
  rates: number;
  losses: number;
}

/** A slot of one parameter in a region: how to push its value, and how to store a value there. */
interface Slot {
  load(base: number): Bytes;
  store(base: number, value: Bytes): Bytes;
}

/**
 * `body(slot)` once per parameter (slot addresses parameter p), or inside one loop whose i32 local
 * `counter` walks the parameters' byte offsets.
 */
export function forEachParam(paramCount: number, counter: number, body: (slot: Slot) => Bytes): Bytes {
  if (paramCount <= UNROLL_PARAMS) {
    const out: Bytes = [];
    for (let p = 0; p < paramCount; p++)
      out.push(
        ...body({
          load: (base) => [...i32Const(0), ...f64Load(base + p * 8)],
          store: (base, value) => [...i32Const(0), ...value, ...f64Store(base + p * 8)],
        }),
      );
    return out;
  }
  const slot: Slot = {
    load: (base) => [...localGet(counter), ...f64Load(base)],
    store: (base, value) => [...localGet(counter), ...value, ...f64Store(base)],
  };
  return overSlots(counter, paramCount, body(slot));
}

/** The locals of `train` after its three arguments: k, loss, rate, direction, the parameter counter. */
export const TRAIN_LOCALS = [I32, F64, F64, F64, I32];

/** `train`'s body; `maeIndex`/`mseIndex` are the function indices of the specialised evaluations (they return the loss). */
export function trainBody(paramCount: number, at: TrainRegions, maeIndex: number, mseIndex: number): Bytes {
  const [STEPS, KIND, ACCUMULATE, K, LOSS, RATE, DIR, Q] = [0, 1, 2, 3, 4, 5, 6, 7];
  const callEvaluate = (index: number): Bytes => [...i32Const(0), ...i32Const(1), ...i32Const(0), OP.call, ...unsigned(index)];
  const notFinite = (v: Bytes): Bytes => [...v, ...v, OP.f64Sub, ...f64Const(0), OP.f64Ne];
  const returnK = ifThen([...localGet(K), OP.return]);
  const step: Bytes = [
    ...localGet(K),
    ...localGet(STEPS),
    OP.i32GeS,
    OP.brIf,
    1,
    ...localGet(KIND),
    OP.i32Eqz,
    ...ifElse(F64, callEvaluate(maeIndex), callEvaluate(mseIndex)),
    ...localSet(LOSS),
    ...notFinite(localGet(LOSS)),
    ...returnK,
  ];
  step.push(...forEachParam(paramCount, Q, (s) => [...notFinite(s.load(at.params)), ...notFinite(s.load(at.grad)), OP.i32Or, ...returnK]));
  step.push(...forEachParam(paramCount, Q, (s) => s.store(at.lastGood, s.load(at.params))));
  const kOffset = [...localGet(K), ...i32Const(8), OP.i32Mul];
  step.push(...kOffset, ...localGet(LOSS), ...f64Store(at.losses));
  step.push(...kOffset, ...f64Load(at.rates), ...localSet(RATE));
  step.push(
    ...forEachParam(paramCount, Q, (s) => {
      const grad = s.load(at.grad);
      return [
        ...[...s.load(at.direction), ...grad, OP.f64Add],
        ...grad,
        ...localGet(ACCUMULATE),
        OP.select,
        ...localSet(DIR),
        ...s.store(at.direction, localGet(DIR)),
        ...s.store(at.params, [...s.load(at.params), ...localGet(RATE), ...localGet(DIR), OP.f64Mul, OP.f64Sub]),
      ];
    }),
  );
  step.push(...localGet(K), ...i32Const(1), OP.i32Add, ...localSet(K), OP.br, 0);
  return [...block(loop(step)), ...localGet(K)];
}
