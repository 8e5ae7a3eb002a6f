// Rows for PostgreSQL's `COPY … FROM STDIN (FORMAT binary)`: a signature and header, then per row a 16-bit field
// count and each field as a 32-bit length (−1 for NULL) and its bytes in the type's binary send format, then a
// −1 trailer (PostgreSQL documentation, "COPY", Binary Format). Binary COPY sends postings rows as they are — no
// hex escaping of bytea — and integers without parsing.

type CopyValue =
  | { readonly int4: number }
  | { readonly int8: number }
  | { readonly text: string | null }
  | { readonly bytea: Uint8Array };

const SIGNATURE = Buffer.from([0x50, 0x47, 0x43, 0x4f, 0x50, 0x59, 0x0a, 0xff, 0x0d, 0x0a, 0x00]);

/** The header of a binary COPY stream (signature, no flags, no extension). */
export function copyHeader(): Buffer {
  const b = Buffer.alloc(SIGNATURE.length + 8);
  SIGNATURE.copy(b, 0);
  return b;
}

/** The end-of-data marker. */
export function copyTrailer(): Buffer {
  const b = Buffer.alloc(2);
  b.writeInt16BE(-1, 0);
  return b;
}

/** One row of a binary COPY stream (a fresh buffer: rows may be held until the stream takes them). */
export function copyRow(values: ReadonlyArray<CopyValue>): Buffer {
  let size = 2;
  const texts: Array<Buffer | null> = [];
  for (const v of values) {
    if ('int4' in v) size += 8;
    else if ('int8' in v) size += 12;
    else if ('bytea' in v) size += 4 + v.bytea.length;
    else {
      const t = v.text === null ? null : Buffer.from(v.text, 'utf8');
      texts.push(t);
      size += 4 + (t?.length ?? 0);
    }
  }
  const b = Buffer.allocUnsafe(size);
  let o = b.writeInt16BE(values.length, 0);
  let t = 0;
  for (const v of values) {
    if ('int4' in v) {
      o = b.writeInt32BE(4, o);
      o = b.writeInt32BE(v.int4, o);
    } else if ('int8' in v) {
      o = b.writeInt32BE(8, o);
      o = b.writeBigInt64BE(BigInt(v.int8), o);
    } else if ('bytea' in v) {
      o = b.writeInt32BE(v.bytea.length, o);
      b.set(v.bytea, o);
      o += v.bytea.length;
    } else {
      const s = texts[t++];
      if (s === null || s === undefined) o = b.writeInt32BE(-1, o);
      else {
        o = b.writeInt32BE(s.length, o);
        s.copy(b, o);
        o += s.length;
      }
    }
  }
  return b;
}
