/**
 * The smallest protobuf reader and writer the 3HA tripId needs. SBB publishes no schema, so the decoder
 * walks fields by number and wire type only (varint, 64-bit, LEN, 32-bit); groups (wire types 3/4) are
 * deprecated and never seen in SBB's blobs, so they count as corrupt data.
 */

export class ProtobufError extends Error {
  override readonly name = 'ProtobufError';
}

export const WIRE_VARINT = 0;
export const WIRE_I64 = 1;
export const WIRE_LEN = 2;
export const WIRE_I32 = 5;

/**
 * A cursor over one message. `next()` reads a field header and its value; for LEN fields the value is
 * the byte range [`start`, `end`), so nested messages are read without copying.
 */
export class ProtoReader {
  private pos: number;
  field = 0;
  wire = 0;
  start = 0;
  end = 0;
  /** The varint value (precise up to 2^53; larger values are only skipped, never used). */
  value = 0;

  constructor(
    readonly buf: Uint8Array,
    begin = 0,
    private readonly limit = buf.length,
  ) {
    if (begin < 0 || limit > buf.length || begin > limit) throw new ProtobufError('message out of bounds');
    this.pos = begin;
  }

  /** Advances to the next field; false at the end of the message. */
  next(): boolean {
    if (this.pos >= this.limit) return false;
    const tag = this.varint();
    this.field = Math.floor(tag / 8);
    this.wire = tag % 8;
    if (this.field === 0) throw new ProtobufError('field number 0');
    switch (this.wire) {
      case WIRE_VARINT:
        this.value = this.varint();
        this.start = this.end = this.pos;
        return true;
      case WIRE_I64:
        return this.skip(8);
      case WIRE_I32:
        return this.skip(4);
      case WIRE_LEN: {
        const length = this.varint();
        return this.skip(length);
      }
      default:
        throw new ProtobufError(`unsupported wire type ${this.wire}`);
    }
  }

  /** A reader over the current LEN field's bytes. */
  message(): ProtoReader {
    if (this.wire !== WIRE_LEN) throw new ProtobufError(`field ${this.field} is not length-delimited`);
    return new ProtoReader(this.buf, this.start, this.end);
  }

  private skip(length: number): true {
    this.start = this.pos;
    this.end = this.pos + length;
    if (this.end > this.limit) throw new ProtobufError('field runs past the end of its message');
    this.pos = this.end;
    return true;
  }

  private varint(): number {
    let result = 0;
    let scale = 1;
    // A varint has at most 10 bytes (64 bits); more means corrupt data.
    for (let i = 0; i < 10; i++) {
      if (this.pos >= this.limit) throw new ProtobufError('truncated varint');
      const byte = this.buf[this.pos++] as number;
      result += (byte & 0x7f) * scale;
      if (byte < 0x80) return result;
      scale *= 128;
    }
    throw new ProtobufError('varint longer than 10 bytes');
  }
}

/** The byte range of the first LEN field `field` of the rest of a message, or null. */
export function findLenField(reader: ProtoReader, field: number): { start: number; end: number } | null {
  while (reader.next()) {
    if (reader.field === field && reader.wire === WIRE_LEN) return { start: reader.start, end: reader.end };
  }
  return null;
}

const utf8 = new TextEncoder();

/** Builds a message field by field; nested messages are written by a callback on a child writer. */
export class ProtoWriter {
  private readonly bytes: number[] = [];

  varint(field: number, value: number): this {
    this.writeVarint(field * 8 + WIRE_VARINT);
    this.writeVarint(value);
    return this;
  }

  string(field: number, value: string): this {
    return this.raw(field, utf8.encode(value));
  }

  raw(field: number, value: Uint8Array): this {
    this.writeVarint(field * 8 + WIRE_LEN);
    this.writeVarint(value.length);
    for (const b of value) this.bytes.push(b);
    return this;
  }

  message(field: number, build: (child: ProtoWriter) => void): this {
    const child = new ProtoWriter();
    build(child);
    return this.raw(field, child.finish());
  }

  finish(): Uint8Array {
    return Uint8Array.from(this.bytes);
  }

  private writeVarint(value: number): void {
    if (!Number.isSafeInteger(value) || value < 0) throw new ProtobufError(`cannot write varint ${value}`);
    let v = value;
    while (v >= 0x80) {
      this.bytes.push((v % 128) | 0x80);
      v = Math.floor(v / 128);
    }
    this.bytes.push(v);
  }
}
