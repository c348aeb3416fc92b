/**
 * A durable, append-only record journal in a SharedArrayBuffer. Main creates one per handler
 * worker slot and keeps it, so what a worker wrote survives that worker's death and its
 * replacement can replay it (see Node.durable). One writer at a time (the slot's live worker);
 * a record becomes visible only when the published length is stored with Atomics after its
 * bytes are written, so a worker killed mid-append leaves no torn record behind.
 *
 * Layout: an Int32 header (published end, in bytes after the header), then records of
 * [u32 byte length][u32 seq][u32 index][utf-8 text]. Fixed capacity; a full journal throws
 * JournalFullError and keeps every earlier record (never silent loss).
 */

/** Bytes before the first record: the published end (Int32), padded to 8. */
const HEADER_BYTES = 8;
/** Bytes of a record's own header: length, seq, index. */
const RECORD_HEADER_BYTES = 12;

/** One journal record: where its input came from (main's batch seq and line index) and its text. */
export interface JournalRecord {
  /** Main's sequence number of the input batch (0 when the input had no position). */
  seq: number;
  /** The line's index within that batch. */
  index: number;
  text: string;
}

/** Thrown by append when the record does not fit: the journal's capacity is too small for the run. */
export class JournalFullError extends Error {
  constructor(capacity: number, needed: number) {
    super(`durable journal full: ${capacity} bytes hold no room for a ${needed}-byte record (raise GLOMERS_JOURNAL_BYTES)`);
    this.name = 'JournalFullError';
  }
}

/** An append-only journal over a SharedArrayBuffer. */
export class Journal {
  private readonly header: Int32Array;
  private readonly bytes: Buffer;

  private constructor(readonly buffer: SharedArrayBuffer) {
    this.header = new Int32Array(buffer, 0, 1);
    this.bytes = Buffer.from(buffer);
  }

  /** A new empty journal holding up to `capacityBytes` of records (headers included). */
  static create(capacityBytes: number): Journal {
    if (!Number.isInteger(capacityBytes) || capacityBytes < RECORD_HEADER_BYTES || capacityBytes > 2 ** 31 - 1 - HEADER_BYTES) {
      throw new RangeError(`journal capacity must be an integer from ${RECORD_HEADER_BYTES} to 2^31-9 bytes; got ${capacityBytes}`);
    }
    return new Journal(new SharedArrayBuffer(HEADER_BYTES + capacityBytes));
  }

  /** The journal in `buffer` (made by create, possibly in another thread). */
  static attach(buffer: SharedArrayBuffer): Journal {
    return new Journal(buffer);
  }

  /** Bytes available for records. */
  get capacity(): number {
    return this.buffer.byteLength - HEADER_BYTES;
  }

  /** Bytes used by published records. */
  get used(): number {
    return Atomics.load(this.header, 0);
  }

  /**
   * Appends a record and publishes it; throws JournalFullError if it does not fit. With `more`,
   * the record's text is `text` and each of `more` joined by newlines, written without joining.
   */
  append(seq: number, index: number, text: string, more?: readonly string[]): void {
    const end = Atomics.load(this.header, 0);
    const at = HEADER_BYTES + end;
    const free = this.capacity - end - RECORD_HEADER_BYTES;
    let units = text.length;
    if (more !== undefined) for (const part of more) units += 1 + part.length;
    let length: number;
    // Three bytes per UTF-16 unit is the most UTF-8 can take; measure exactly only near the end.
    if (units * 3 > free) length = this.writeExact(more === undefined || more.length === 0 ? text : [text, ...more].join('\n'), at, free);
    else {
      length = this.bytes.write(text, at + RECORD_HEADER_BYTES, 'utf8');
      if (more !== undefined) {
        for (const part of more) {
          this.bytes[at + RECORD_HEADER_BYTES + length++] = 0x0a;
          length += this.bytes.write(part, at + RECORD_HEADER_BYTES + length, 'utf8');
        }
      }
    }
    this.bytes.writeUInt32LE(length, at);
    this.bytes.writeUInt32LE(seq >>> 0, at + 4);
    this.bytes.writeUInt32LE(index >>> 0, at + 8);
    Atomics.store(this.header, 0, end + RECORD_HEADER_BYTES + length);
  }

  private writeExact(text: string, at: number, free: number): number {
    const needed = Buffer.byteLength(text, 'utf8');
    if (needed > free) throw new JournalFullError(this.capacity, needed + RECORD_HEADER_BYTES);
    return this.bytes.write(text, at + RECORD_HEADER_BYTES, 'utf8');
  }

  /** Every published record, oldest first (O(bytes used)). */
  records(): JournalRecord[] {
    const end = HEADER_BYTES + Atomics.load(this.header, 0);
    const out: JournalRecord[] = [];
    for (let at = HEADER_BYTES; at < end; ) {
      const length = this.bytes.readUInt32LE(at);
      const start = at + RECORD_HEADER_BYTES;
      out.push({ seq: this.bytes.readUInt32LE(at + 4), index: this.bytes.readUInt32LE(at + 8), text: this.bytes.toString('utf8', start, start + length) });
      at = start + length;
    }
    return out;
  }
}
