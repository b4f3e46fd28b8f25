// Builds an ONNX graph node by node: unique tensor names, shared constants, named outputs.
import { Attribute, DataType, encodeModel, Initializer, NodeSpec, ValueInfo } from './onnx-proto';

/** ONNX opset 17 (IR version 8): every op we use has had its current signature since opset 13. */
export const OPSET = 17;
export const IR_VERSION = 8;

export class GraphBuilder {
  private readonly nodes: NodeSpec[] = [];
  private readonly initializers: Initializer[] = [];
  private readonly inputs: ValueInfo[] = [];
  private readonly outputs: ValueInfo[] = [];
  private readonly constants = new Map<string, string>();
  private readonly used = new Set<string>();
  private counter = 0;

  constructor(readonly name: string) {}

  private fresh(base: string): string {
    let name = base;
    while (this.used.has(name)) name = `${base}_${++this.counter}`;
    this.used.add(name);
    return name;
  }

  input(name: string, dataType: DataType, dims: readonly (number | string)[]): string {
    if (this.used.has(name)) throw new Error(`Duplicate tensor name ${name}`);
    this.used.add(name);
    this.inputs.push({ name, dataType, dims });
    return name;
  }

  /** Adds a node and returns its output's name (`as` names it, e.g. for a graph output). */
  op(opType: string, inputs: readonly string[], attributes: readonly Attribute[] = [], as?: string): string {
    const output = as === undefined ? this.fresh(`${opType.toLowerCase()}${this.nodes.length}`) : this.claim(as);
    this.nodes.push({ opType, inputs, outputs: [output], name: `n${this.nodes.length}_${opType}`, attributes });
    return output;
  }

  private claim(name: string): string {
    if (this.used.has(name)) throw new Error(`Duplicate tensor name ${name}`);
    this.used.add(name);
    return name;
  }

  /** Declares `tensor` a graph output named `name` (through an Identity when the names differ). */
  output(name: string, tensor: string, dataType: DataType, dims: readonly (number | string)[]): void {
    const produced = tensor === name ? tensor : this.op('Identity', [tensor], [], name);
    this.outputs.push({ name: produced, dataType, dims });
  }

  /** A constant tensor, stored once however often it is asked for. */
  constant(dataType: DataType, dims: readonly number[], values: readonly number[]): string {
    const key = `${dataType}|${dims.join(',')}|${values.map((v) => (Object.is(v, -0) ? '-0' : String(v))).join(',')}`;
    const existing = this.constants.get(key);
    if (existing !== undefined) return existing;
    const name = this.fresh(`c${this.constants.size}`);
    this.initializers.push({ name, dataType, dims, values });
    this.constants.set(key, name);
    return name;
  }

  /** A float32 scalar, shaped [1] as every scalar in these graphs is. */
  scalar(value: number): string {
    return this.constant('float', [1], [value]);
  }

  ints(values: readonly number[]): string {
    return this.constant('int64', [values.length], values);
  }

  get nodeCount(): number {
    return this.nodes.length;
  }

  encode(docString?: string): Uint8Array {
    // Constants asked for but never consumed are left out (onnxruntime warns about unused initializers).
    const consumed = new Set(this.nodes.flatMap((node) => node.inputs));
    return encodeModel({
      graphName: this.name,
      nodes: this.nodes,
      initializers: this.initializers.filter((t) => consumed.has(t.name)),
      inputs: this.inputs,
      outputs: this.outputs,
      opset: OPSET,
      irVersion: IR_VERSION,
      producer: 'nn-deep-dive',
      docString,
    });
  }
}
