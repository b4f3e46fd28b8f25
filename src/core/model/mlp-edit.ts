// The layer editor's model: the edits a learner makes to a network's shape (add a hidden layer,
// remove one, widen or narrow one, choose its activation, change the number of inputs), each a pure
// function from one MlpSpec to the next that refuses what MLP_LIMITS does not allow, with a reason
// for people; and the network's shape in words, `2 → 8 → 8 → 1`.
import { MLP_LIMITS } from '../limits';
import { fail, ok, Result } from '../result';
import type { Activation } from '../tensor/ops';
import { layerSizes, MlpSpec, validateMlp } from './mlp';

export type EditResult = Result<MlpSpec>;

/** The network the "Layers" preset starts with: two hidden ReLU layers of 8 neurons. */
export function defaultNetwork(inputs = 1): MlpSpec {
  return {
    inputs,
    hidden: [
      { width: 8, activation: 'relu' },
      { width: 8, activation: 'relu' },
    ],
  };
}

function checked(spec: MlpSpec): EditResult {
  const problem = validateMlp(spec);
  return problem ? fail(problem) : ok(spec);
}

function layerAt(spec: MlpSpec, index: number): string | null {
  return Number.isInteger(index) && index >= 0 && index < spec.hidden.length ? null : `There is no hidden layer ${index + 1}`;
}

/** A new hidden layer after `after` (default: the last), a copy of that layer's width and activation. */
export function addLayer(spec: MlpSpec, after = spec.hidden.length - 1): EditResult {
  if (spec.hidden.length >= MLP_LIMITS.maxHidden)
    return { ok: false, error: `A network has at most ${MLP_LIMITS.maxHidden} hidden layers` };
  const missing = layerAt(spec, after);
  if (missing) return { ok: false, error: missing };
  const hidden = [...spec.hidden];
  hidden.splice(after + 1, 0, { ...spec.hidden[after] });
  return checked({ ...spec, hidden });
}

export function removeLayer(spec: MlpSpec, index: number): EditResult {
  const missing = layerAt(spec, index);
  if (missing) return { ok: false, error: missing };
  if (spec.hidden.length <= MLP_LIMITS.minHidden) return { ok: false, error: 'A network needs at least one hidden layer' };
  return checked({ ...spec, hidden: spec.hidden.filter((_, i) => i !== index) });
}

/** Sets a layer's number of neurons (1 to MLP_LIMITS.maxWidth). */
export function setWidth(spec: MlpSpec, index: number, width: number): EditResult {
  const missing = layerAt(spec, index);
  if (missing) return { ok: false, error: missing };
  if (!Number.isInteger(width) || width < 1 || width > MLP_LIMITS.maxWidth) {
    return { ok: false, error: `A layer has 1 to ${MLP_LIMITS.maxWidth} neurons (a whole number), got ${String(width)}` };
  }
  return checked({ ...spec, hidden: spec.hidden.map((layer, i) => (i === index ? { ...layer, width } : layer)) });
}

/** One neuron more (`by` > 0) or fewer, clamped to the limits. */
export function widen(spec: MlpSpec, index: number, by: number): EditResult {
  const missing = layerAt(spec, index);
  if (missing) return { ok: false, error: missing };
  const width = Math.max(1, Math.min(MLP_LIMITS.maxWidth, spec.hidden[index].width + by));
  return setWidth(spec, index, width);
}

export function setActivation(spec: MlpSpec, index: number, activation: Activation): EditResult {
  const missing = layerAt(spec, index);
  if (missing) return { ok: false, error: missing };
  return checked({ ...spec, hidden: spec.hidden.map((layer, i) => (i === index ? { ...layer, activation } : layer)) });
}

/** The same hidden layers on `inputs` inputs (the data decides: 1 for x, 2 for x1, x2). */
export function withInputs(spec: MlpSpec, inputs: number): EditResult {
  return checked({ ...spec, inputs });
}

/** `2 → 8 → 8 → 1`: the sizes from input to output. */
export function shapeText(spec: MlpSpec): string {
  return layerSizes(spec).join(' → ');
}

/** Whether two specs describe the same network. */
export function sameNetwork(a: MlpSpec, b: MlpSpec): boolean {
  return (
    a.inputs === b.inputs &&
    a.hidden.length === b.hidden.length &&
    a.hidden.every((layer, i) => layer.width === b.hidden[i].width && layer.activation === b.hidden[i].activation)
  );
}
