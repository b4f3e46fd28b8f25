// A write-only Protocol Buffers encoder, just big enough for ONNX models.
//
// Why our own ~100 lines instead of protobufjs (or onnx-proto): we only ever *write* ten ONNX
// message types whose field numbers are frozen by onnx.proto's compatibility rules, and this code
// ships inside the webview bundle. protobufjs would add ~70 KB minified plus a generated ONNX
// schema for a job that is varints and length prefixes; the full encoding rules we rely on are the
// four wire types below (https://protobuf.dev/programming-guides/encoding/). onnxruntime itself
// parses every model we emit in the tests, which is the check that matters.

export enum WireType {
  Varint = 0,
  Fixed64 = 1,
  LengthDelimited = 2,
  Fixed32 = 5,
}

/** Appends bytes to a growing buffer; messages are built inside out (children first). */
export class ProtoWriter {
  private buffer = new Uint8Array(256);
  private length = 0;

  private reserve(extra: number): void {
    if (this.length + extra <= this.buffer.length) return;
    let size = this.buffer.length * 2;
    while (size < this.length + extra) size *= 2;
    const grown = new Uint8Array(size);
    grown.set(this.buffer.subarray(0, this.length));
    this.buffer = grown;
  }

  private byte(value: number): void {
    this.reserve(1);
    this.buffer[this.length++] = value;
  }

  /** An unsigned or negative integer as a base-128 varint (negative int64 takes ten bytes, two's complement). */
  varint(value: number | bigint): this {
    if (typeof value === 'number') {
      if (!Number.isSafeInteger(value)) throw new RangeError(`varint needs a safe integer, got ${value}`);
      if (value >= 0) {
        while (value > 0x7f) {
          this.byte((value % 128) | 0x80);
          value = Math.floor(value / 128);
        }
        this.byte(value);
        return this;
      }
      value = BigInt(value);
    }
    let v = BigInt.asUintN(64, value);
    while (v > 0x7fn) {
      this.byte(Number(v & 0x7fn) | 0x80);
      v >>= 7n;
    }
    this.byte(Number(v));
    return this;
  }

  tag(field: number, wire: WireType): this {
    return this.varint(field * 8 + wire);
  }

  bytes(data: Uint8Array): this {
    this.reserve(data.length);
    this.buffer.set(data, this.length);
    this.length += data.length;
    return this;
  }

  // Field writers. Proto3 leaves out default values; we always write what we are given.

  int(field: number, value: number | bigint): this {
    return this.tag(field, WireType.Varint).varint(value);
  }

  float(field: number, value: number): this {
    const bytes = new Uint8Array(4);
    new DataView(bytes.buffer).setFloat32(0, value, true);
    return this.tag(field, WireType.Fixed32).bytes(bytes);
  }

  lengthDelimited(field: number, data: Uint8Array): this {
    return this.tag(field, WireType.LengthDelimited).varint(data.length).bytes(data);
  }

  string(field: number, value: string): this {
    return this.lengthDelimited(field, new TextEncoder().encode(value));
  }

  message(field: number, build: (writer: ProtoWriter) => void): this {
    const child = new ProtoWriter();
    build(child);
    return this.lengthDelimited(field, child.finish());
  }

  /** A packed repeated varint field (proto3's default for repeated scalars). */
  packedInts(field: number, values: readonly (number | bigint)[]): this {
    const child = new ProtoWriter();
    for (const v of values) child.varint(v);
    return this.lengthDelimited(field, child.finish());
  }

  packedFloats(field: number, values: readonly number[]): this {
    const bytes = new Uint8Array(values.length * 4);
    const view = new DataView(bytes.buffer);
    values.forEach((v, i) => view.setFloat32(i * 4, v, true));
    return this.lengthDelimited(field, bytes);
  }

  finish(): Uint8Array {
    return this.buffer.slice(0, this.length);
  }
}
