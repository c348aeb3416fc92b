/**
 * A lock-free, insert-only set of 32-bit integers in one SharedArrayBuffer, shareable across
 * worker threads (pass `buffer`, then `SeenSet.attach`). Open addressing with linear probing: a
 * value is claimed with one Atomics.compareExchange on its slot, so two threads inserting the same
 * value at once agree on exactly one winner. Every winner also appends the value to a log, so
 * `values()` costs O(size), not O(capacity). The table has at least twice `capacity` slots, so a
 * probe always ends; the log has exactly `capacity` entries, and an insert past it is a loud error.
 *
 * Slots store `value ^ 0x80000000`, so the zero-filled fresh buffer means "empty" without an
 * O(capacity) fill, and the one value that cannot be stored is -2^31.
 */

/** Header word indices in the Int32 view (named constants, as piscina does for its slots). */
const HEADER = { capacity: 0, tableSize: 1, reserved: 2, full: 3 } as const;
const HEADER_WORDS = 4;
const EMPTY = 0;
const FLIP = 0x80000000 | 0;

/** The smallest storable value is -2^31 + 1; -2^31 marks an empty slot. */
export const SEEN_SET_MIN_VALUE = -0x7fffffff;
/** The largest storable value. */
export const SEEN_SET_MAX_VALUE = 0x7fffffff;

/** Thrown by `add` once the log is full; the set stays full from then on. */
export class SeenSetFullError extends Error {
  constructor(capacity: number) {
    super(`SeenSet is full: capacity ${capacity} reached; raise the capacity (values would be lost)`);
    this.name = 'SeenSetFullError';
  }
}

/** A shared insert-only integer set: `add` returns true iff the value was new. */
export class SeenSet {
  /** The shared memory; post it to another thread and call `SeenSet.attach` there. */
  readonly buffer: SharedArrayBuffer;
  /** How many values fit. */
  readonly capacity: number;
  private readonly words: Int32Array;
  private readonly mask: number;
  private readonly tableStart = HEADER_WORDS;
  private readonly logStart: number;

  private constructor(buffer: SharedArrayBuffer) {
    this.buffer = buffer;
    this.words = new Int32Array(buffer);
    this.capacity = this.words[HEADER.capacity];
    const tableSize = this.words[HEADER.tableSize];
    this.mask = tableSize - 1;
    this.logStart = HEADER_WORDS + tableSize;
  }

  /** Allocates a set for up to `capacity` values (an integer from 1 to 2^26). */
  static create(capacity: number): SeenSet {
    if (!Number.isInteger(capacity) || capacity < 1 || capacity > 2 ** 26) {
      throw new RangeError(`SeenSet capacity must be an integer from 1 to ${2 ** 26}; got ${capacity}`);
    }
    let tableSize = 2;
    while (tableSize < capacity * 2) tableSize *= 2;
    const buffer = new SharedArrayBuffer((HEADER_WORDS + tableSize + capacity) * 4);
    const words = new Int32Array(buffer);
    words[HEADER.capacity] = capacity;
    words[HEADER.tableSize] = tableSize;
    return new SeenSet(buffer);
  }

  /** Wraps a buffer made by `SeenSet.create` (in this or another thread). */
  static attach(buffer: SharedArrayBuffer): SeenSet {
    return new SeenSet(buffer);
  }

  /** Values added so far (including any whose add is still writing its log entry). */
  get size(): number {
    return Math.min(Atomics.load(this.words, HEADER.reserved), this.capacity);
  }

  /**
   * Inserts `value`; returns true iff this call added it (exactly one concurrent caller wins).
   * Throws RangeError for a non-integer or out-of-range value, SeenSetFullError when full.
   */
  add(value: number): boolean {
    const stored = encode(value);
    const words = this.words;
    let slot = hash(stored) & this.mask;
    for (;;) {
      const index = this.tableStart + slot;
      const current = Atomics.compareExchange(words, index, EMPTY, stored);
      if (current === stored) return false;
      if (current === EMPTY) break;
      slot = (slot + 1) & this.mask;
    }
    const entry = Atomics.add(words, HEADER.reserved, 1);
    if (entry >= this.capacity) {
      Atomics.store(words, HEADER.full, 1);
      throw new SeenSetFullError(this.capacity);
    }
    Atomics.store(words, this.logStart + entry, stored);
    return true;
  }

  /** Whether `value` has been added. */
  has(value: number): boolean {
    const stored = encode(value);
    let slot = hash(stored) & this.mask;
    for (;;) {
      const current = Atomics.load(this.words, this.tableStart + slot);
      if (current === stored) return true;
      if (current === EMPTY) return false;
      slot = (slot + 1) & this.mask;
    }
  }

  /** Whether an add ever overflowed the capacity. */
  get full(): boolean {
    return Atomics.load(this.words, HEADER.full) === 1;
  }

  /**
   * Every value whose add has returned, in insertion order, in O(size). An add still in flight on
   * another thread may be missing; it has not returned yet, so nobody can have relied on it.
   */
  values(): number[] {
    const end = this.size;
    const out: number[] = [];
    for (let entry = 0; entry < end; entry++) {
      const stored = Atomics.load(this.words, this.logStart + entry);
      if (stored !== EMPTY) out.push(stored ^ FLIP);
    }
    return out;
  }
}

function encode(value: number): number {
  if (!Number.isInteger(value) || value < SEEN_SET_MIN_VALUE || value > SEEN_SET_MAX_VALUE) {
    throw new RangeError(
      `SeenSet values must be integers from ${SEEN_SET_MIN_VALUE} to ${SEEN_SET_MAX_VALUE}; got ${value}`,
    );
  }
  return value ^ FLIP;
}

/** Murmur3's finalizer: sequential values (broadcast's 0,1,2,...) land far apart. */
function hash(x: number): number {
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  x ^= x >>> 16;
  return x >>> 0;
}
