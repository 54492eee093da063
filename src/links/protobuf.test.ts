import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findLenField, ProtobufError, ProtoReader, ProtoWriter, WIRE_LEN, WIRE_VARINT } from './protobuf.js';

type Field = { field: number; varint: number } | { field: number; text: string };

function readAll(buf: Uint8Array): Field[] {
  const reader = new ProtoReader(buf);
  const fields: Field[] = [];
  while (reader.next()) {
    if (reader.wire === WIRE_VARINT) fields.push({ field: reader.field, varint: reader.value });
    else if (reader.wire === WIRE_LEN) {
      fields.push({
        field: reader.field,
        text: Buffer.from(buf.subarray(reader.start, reader.end)).toString(),
      });
    }
  }
  return fields;
}

describe('ProtoWriter → ProtoReader', () => {
  it('round-trips varints and strings of any field number', () => {
    const field = fc.oneof(
      fc.record({ field: fc.integer({ min: 1, max: 536_870_911 }), varint: fc.maxSafeNat() }),
      fc.record({
        field: fc.integer({ min: 1, max: 2047 }),
        text: fc.string({ unit: 'grapheme', maxLength: 300 }),
      }),
    );
    fc.assert(
      fc.property(fc.array(field, { maxLength: 20 }), (fields) => {
        const writer = new ProtoWriter();
        for (const f of fields) {
          if ('varint' in f) writer.varint(f.field, f.varint);
          else writer.string(f.field, f.text);
        }
        expect(readAll(writer.finish())).toEqual(fields);
      }),
    );
  });

  it('reads nested messages through message() without copying', () => {
    const buf = new ProtoWriter()
      .varint(3, 7)
      .message(1, (m) => m.string(1, 'skip').string(2, '¶HKI¶T$…'))
      .finish();
    const top = new ProtoReader(buf);
    top.next();
    expect([top.field, top.value]).toEqual([3, 7]);
    top.next();
    const range = findLenField(top.message(), 2);
    expect(range).not.toBeNull();
    expect(Buffer.from(buf).toString('utf8', range?.start, range?.end)).toBe('¶HKI¶T$…');
  });

  it('skips 64- and 32-bit fields', () => {
    // field 1 fixed64, field 2 fixed32, field 3 varint 150
    const buf = Uint8Array.from([0x09, 1, 2, 3, 4, 5, 6, 7, 8, 0x15, 1, 2, 3, 4, 0x18, 0x96, 0x01]);
    expect(readAll(buf)).toEqual([{ field: 3, varint: 150 }]);
  });

  it('reads the 10-byte varint SBB writes for -1', () => {
    const buf = Uint8Array.from([
      0x20, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01, 0x28, 0x02,
    ]);
    const fields = readAll(buf);
    expect(fields[1]).toEqual({ field: 5, varint: 2 });
  });
});

describe('ProtoReader on corrupt data', () => {
  const corrupt: Array<[string, number[]]> = [
    ['a truncated varint', [0x08, 0x80]],
    ['a LEN field longer than the message', [0x0a, 0x05, 0x61]],
    ['a start-group wire type', [0x0b]],
    ['an end-group wire type', [0x0c]],
    ['field number 0', [0x00, 0x01]],
    ['an 11-byte varint', [0x08, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01]],
  ];
  it.each(corrupt)('throws ProtobufError for %s', (_name, bytes) => {
    expect(() => readAll(Uint8Array.from(bytes))).toThrow(ProtobufError);
  });

  it('throws only ProtobufError for any byte string', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        try {
          readAll(bytes);
        } catch (err) {
          expect(err).toBeInstanceOf(ProtobufError);
        }
      }),
    );
  });

  it('keeps a nested reader inside its parent field', () => {
    const inner = new ProtoWriter().string(1, 'abc').finish();
    const buf = new ProtoWriter().raw(1, inner).varint(2, 9).finish();
    const top = new ProtoReader(buf);
    top.next();
    const nested = top.message();
    expect(nested.next()).toBe(true);
    expect(nested.next()).toBe(false);
  });

  it('refuses to write what protobuf cannot hold', () => {
    expect(() => new ProtoWriter().varint(1, -1)).toThrow(ProtobufError);
    expect(() => new ProtoWriter().varint(1, 2 ** 60)).toThrow(ProtobufError);
  });
});
