// The protobuf writer against the encoding spec's own examples, and a model read back field by field.
import * as assert from 'node:assert/strict';
import { ProtoWriter } from '../../../../src/core/onnx/protobuf';
import { encodeModel } from '../../../../src/core/onnx/onnx-proto';
import { GraphBuilder } from '../../../../src/core/onnx/graph';
import { ort } from '../backends/ort-helpers';

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

/** A minimal reader: (field, wire type, value) triples of one message level. */
function fields(bytes: Uint8Array): { field: number; wire: number; value: bigint | Uint8Array }[] {
  const out: { field: number; wire: number; value: bigint | Uint8Array }[] = [];
  let pos = 0;
  const varint = (): bigint => {
    let result = 0n;
    let shift = 0n;
    for (;;) {
      const b = bytes[pos++];
      result |= BigInt(b & 0x7f) << shift;
      if (!(b & 0x80)) return result;
      shift += 7n;
    }
  };
  while (pos < bytes.length) {
    const key = Number(varint());
    const wire = key & 7;
    const field = key >> 3;
    if (wire === 0) out.push({ field, wire, value: varint() });
    else if (wire === 2) {
      const length = Number(varint());
      out.push({ field, wire, value: bytes.subarray(pos, pos + length) });
      pos += length;
    } else if (wire === 5) {
      out.push({ field, wire, value: bytes.subarray(pos, pos + 4) });
      pos += 4;
    } else throw new Error(`unexpected wire type ${wire}`);
  }
  return out;
}

describe('onnx: protobuf writer', () => {
  it('writes varints as the protobuf spec shows them', () => {
    // https://protobuf.dev/programming-guides/encoding/: field 1 = 150 is 08 96 01
    assert.equal(hex(new ProtoWriter().int(1, 150).finish()), '089601');
    assert.equal(hex(new ProtoWriter().varint(0).finish()), '00');
    assert.equal(hex(new ProtoWriter().varint(300).finish()), 'ac02');
    assert.equal(hex(new ProtoWriter().varint(2 ** 35).finish()), '8080808080' + '01');
    // negative int64 (e.g. Reshape's -1): ten bytes, two's complement
    assert.equal(hex(new ProtoWriter().varint(-1).finish()), 'ffffffffffffffffff01');
    assert.equal(hex(new ProtoWriter().varint(-2n).finish()), 'feffffffffffffffff01');
  });

  it('writes strings, floats and packed repeated fields', () => {
    // field 2 = "testing": 12 07 74 65 73 74 69 6e 67
    assert.equal(hex(new ProtoWriter().string(2, 'testing').finish()), '120774657374696e67');
    // field 2 (fixed32) = 1.5f: 15 0000c03f
    assert.equal(hex(new ProtoWriter().float(2, 1.5).finish()), '150000c03f');
    // field 4 packed [3, 270, 86942]: 22 06 03 8e 02 9e a7 05
    assert.equal(hex(new ProtoWriter().packedInts(4, [3, 270, 86942]).finish()), '2206038e029ea705');
    assert.equal(hex(new ProtoWriter().packedFloats(1, [1, -2]).finish()), '0a080000803f000000c0');
  });

  it('grows its buffer for large payloads', () => {
    const big = new Uint8Array(100_000).fill(7);
    const bytes = new ProtoWriter().lengthDelimited(9, big).finish();
    assert.equal(bytes.length, 1 + 3 + big.length);
    assert.equal(bytes[bytes.length - 1], 7);
  });

  it('lays a ModelProto out with onnx.proto field numbers', () => {
    const bytes = encodeModel({
      graphName: 'g',
      nodes: [{ opType: 'Add', inputs: ['a', 'k'], outputs: ['s'], name: 'n0' }],
      initializers: [{ name: 'k', dataType: 'float', dims: [1], values: [2.5] }],
      inputs: [{ name: 'a', dataType: 'float', dims: ['n', 1] }],
      outputs: [{ name: 's', dataType: 'float', dims: ['n', 1] }],
      opset: 17,
      irVersion: 8,
      producer: 'test',
    });
    const model = fields(bytes);
    assert.deepEqual(
      model.map((f) => f.field),
      [1, 2, 7, 8],
    ); // ir_version, producer_name, graph, opset_import
    assert.equal(model[0].value, 8n);
    const graph = fields(model[2].value as Uint8Array);
    assert.deepEqual(
      graph.map((f) => f.field),
      [1, 2, 5, 11, 12],
    ); // node, name, initializer, input, output
    const node = fields(graph[0].value as Uint8Array);
    assert.deepEqual(
      node.map((f) => [f.field, Buffer.from(f.value as Uint8Array).toString()]),
      [
        [1, 'a'],
        [1, 'k'],
        [2, 's'],
        [3, 'n0'],
        [4, 'Add'],
      ],
    );
    const tensor = fields(graph[2].value as Uint8Array);
    assert.deepEqual(
      tensor.map((f) => f.field),
      [1, 2, 8, 9],
    ); // dims, data_type, name, raw_data
    assert.equal(tensor[1].value, 1n); // FLOAT
    assert.equal(new DataView((tensor[3].value as Uint8Array).slice().buffer).getFloat32(0, true), 2.5);
    const opset = fields(model[3].value as Uint8Array);
    assert.deepEqual(
      opset.map((f) => f.field),
      [1, 2],
    );
    assert.equal(opset[1].value, 17n);
  });

  it('produces models onnxruntime loads and runs', async () => {
    const g = new GraphBuilder('smoke');
    const x = g.input('x', 'float', ['n', 1]);
    const doubled = g.op('Mul', [x, g.scalar(2)]);
    const total = g.op('ReduceSum', [doubled, g.ints([0, 1])], [{ name: 'keepdims', kind: 'int', value: 0 }]);
    g.output('total', g.op('Reshape', [total, g.ints([-1])]), 'float', [1]);
    g.output('doubled', doubled, 'float', ['n', 1]);
    g.scalar(99); // asked for, never used: left out of the model
    const session = await ort.InferenceSession.create(g.encode(), { executionProviders: ['wasm'], logSeverityLevel: 3 });
    const out = await session.run({ x: new ort.Tensor('float32', Float32Array.of(1, 2, 3.5), [3, 1]) });
    assert.deepEqual(Array.from(out.total.data as Float32Array), [13]);
    assert.deepEqual(Array.from(out.doubled.data as Float32Array), [2, 4, 7]);
    assert.deepEqual(out.doubled.dims, [3, 1]);
    await session.release();
  });
});
