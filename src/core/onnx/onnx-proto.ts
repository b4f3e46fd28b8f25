// The ONNX messages we emit (ModelProto and what it contains), encoded with our protobuf writer.
// Field numbers are onnx.proto's (https://github.com/onnx/onnx/blob/main/onnx/onnx.proto), which
// ONNX never renumbers.
import { ProtoWriter } from './protobuf';

export type DataType = 'float' | 'int64' | 'bool';

/** TensorProto.DataType. */
const DATA_TYPE_CODES: Record<DataType, number> = { float: 1, int64: 7, bool: 9 };

/** A constant tensor stored in the model (GraphProto.initializer). */
export interface Initializer {
  name: string;
  dataType: DataType;
  dims: readonly number[];
  values: readonly number[];
}

/** A graph input or output; a string dimension is symbolic (e.g. the number of points). */
export interface ValueInfo {
  name: string;
  dataType: DataType;
  dims: readonly (number | string)[];
}

export type Attribute =
  | { name: string; kind: 'int'; value: number }
  | { name: string; kind: 'ints'; value: readonly number[] }
  | { name: string; kind: 'float'; value: number };

export interface NodeSpec {
  opType: string;
  inputs: readonly string[];
  outputs: readonly string[];
  name: string;
  attributes?: readonly Attribute[];
}

export interface ModelSpec {
  graphName: string;
  nodes: readonly NodeSpec[];
  initializers: readonly Initializer[];
  inputs: readonly ValueInfo[];
  outputs: readonly ValueInfo[];
  /** Default-domain opset version. */
  opset: number;
  irVersion: number;
  producer: string;
  docString?: string;
}

// AttributeProto.AttributeType
const ATTRIBUTE_TYPES = { float: 1, int: 2, ints: 7 } as const;

function writeTensor(w: ProtoWriter, tensor: Initializer): void {
  w.packedInts(1, tensor.dims);
  w.int(2, DATA_TYPE_CODES[tensor.dataType]);
  w.string(8, tensor.name);
  // raw_data: little-endian values, the most compact form every runtime accepts.
  const count = tensor.values.length;
  let raw: Uint8Array;
  if (tensor.dataType === 'float') {
    raw = new Uint8Array(count * 4);
    const view = new DataView(raw.buffer);
    tensor.values.forEach((v, i) => view.setFloat32(i * 4, v, true));
  } else if (tensor.dataType === 'int64') {
    raw = new Uint8Array(count * 8);
    const view = new DataView(raw.buffer);
    tensor.values.forEach((v, i) => view.setBigInt64(i * 8, BigInt(v), true));
  } else {
    raw = Uint8Array.from(tensor.values, (v) => (v ? 1 : 0));
  }
  w.lengthDelimited(9, raw);
}

function writeValueInfo(w: ProtoWriter, info: ValueInfo): void {
  w.string(1, info.name);
  w.message(2, (type) =>
    type.message(1, (tensorType) => {
      tensorType.int(1, DATA_TYPE_CODES[info.dataType]);
      tensorType.message(2, (shape) => {
        for (const dim of info.dims) {
          shape.message(1, (d) => (typeof dim === 'number' ? d.int(1, dim) : d.string(2, dim)));
        }
      });
    }),
  );
}

function writeAttribute(w: ProtoWriter, attribute: Attribute): void {
  w.string(1, attribute.name);
  switch (attribute.kind) {
    case 'float':
      w.float(2, attribute.value);
      break;
    case 'int':
      w.int(3, attribute.value);
      break;
    case 'ints':
      w.packedInts(8, attribute.value);
      break;
  }
  w.int(20, ATTRIBUTE_TYPES[attribute.kind]);
}

function writeNode(w: ProtoWriter, node: NodeSpec): void {
  for (const input of node.inputs) w.string(1, input);
  for (const output of node.outputs) w.string(2, output);
  w.string(3, node.name);
  w.string(4, node.opType);
  for (const attribute of node.attributes ?? []) w.message(5, (a) => writeAttribute(a, attribute));
}

/** Serialises a model to the bytes `InferenceSession.create` accepts. */
export function encodeModel(spec: ModelSpec): Uint8Array {
  const w = new ProtoWriter();
  w.int(1, spec.irVersion);
  w.string(2, spec.producer);
  if (spec.docString) w.string(6, spec.docString);
  w.message(7, (graph) => {
    for (const node of spec.nodes) graph.message(1, (n) => writeNode(n, node));
    graph.string(2, spec.graphName);
    for (const tensor of spec.initializers) graph.message(5, (t) => writeTensor(t, tensor));
    for (const input of spec.inputs) graph.message(11, (v) => writeValueInfo(v, input));
    for (const output of spec.outputs) graph.message(12, (v) => writeValueInfo(v, output));
  });
  w.message(8, (opset) => {
    opset.string(1, '');
    opset.int(2, spec.opset);
  });
  return w.finish();
}
