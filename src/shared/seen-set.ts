/**
 * A lock-free, insert-only set of 32-bit integers in one SharedArrayBuffer, shareable across
 * worker threads (pass `buffer`, then `SeenSet.attach`). Open addressing with linear probing: a
 * value is claimed with one Atomics.compareExchange on its slot, so two threads inserting the same
 * value at once agree on exactly one winner. Every winner also appends the value to a log, so
 * `values()` costs O(size), not O(table).
 *
 * Threads do not share a hot word: each handle reserves log space a block (one cache line) at a
 * time and counts its inserts in its own cache line, so two threads inserting at once do not
 * bounce one counter between cores (measured: about 2x the adds/s of a single shared counter).
 *
 * Slots store `value ^ 0x80000000`, so the zero-filled fresh buffer means "empty" without an
 * O(capacity) fill, and the one value that cannot be stored is -2^31.
 */

/** Words per cache line: counters and log blocks are laid out on line boundaries. */
const LINE = 16;
/**
 * Header word indices (named constants, as piscina does for its slots). Line 0 is read on every
 * add and written almost never; the log cursor, bumped once per block, has line 1 to itself.
 */
const HEADER = { capacity: 0, tableSize: 1, logSlots: 2, full: 3, handles: 4, logCursor: LINE } as const;
/** Handles that get a counter line of their own; later handles share the last one (atomically). */
const COUNTER_LINES = 64;
const COUNTERS_START = 2 * LINE;
const TABLE_START = COUNTERS_START + COUNTER_LINES * LINE;
/** Log entries a handle reserves at once. */
const BLOCK = LINE;
const EMPTY = 0;
const FLIP = 0x80000000 | 0;

/** The smallest storable value is -2^31 + 1; -2^31 marks an empty slot. */
export const SEEN_SET_MIN_VALUE = -0x7fffffff;
/** The largest storable value. */
export const SEEN_SET_MAX_VALUE = 0x7fffffff;
/** The largest capacity `create` accepts. */
export const SEEN_SET_MAX_CAPACITY = 2 ** 26;

/** Thrown by `add` once the log is full, and by every add after that. */
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
  /** Values that always fit (a little more fits: see `create`). */
  readonly capacity: number;
  private readonly words: Int32Array;
  private readonly mask: number;
  private readonly logStart: number;
  private readonly logSlots: number;
  /** This handle's counter word. */
  private readonly counter: number;
  private blockNext = 0;
  private blockEnd = 0;

  private constructor(buffer: SharedArrayBuffer) {
    this.buffer = buffer;
    this.words = new Int32Array(buffer);
    this.capacity = this.words[HEADER.capacity];
    const tableSize = this.words[HEADER.tableSize];
    this.mask = tableSize - 1;
    this.logStart = TABLE_START + tableSize;
    this.logSlots = this.words[HEADER.logSlots];
    const handle = Atomics.add(this.words, HEADER.handles, 1);
    this.counter = COUNTERS_START + Math.min(handle, COUNTER_LINES - 1) * LINE;
  }

  /**
   * Allocates a set that holds at least `capacity` values (1 to 2^26). The log has room for one
   * partly used block per handle on top, so `capacity` values fit however the threads interleave.
   */
  static create(capacity: number): SeenSet {
    if (!Number.isInteger(capacity) || capacity < 1 || capacity > SEEN_SET_MAX_CAPACITY) {
      throw new RangeError(`SeenSet capacity must be an integer from 1 to ${SEEN_SET_MAX_CAPACITY}; got ${capacity}`);
    }
    const logSlots = capacity + COUNTER_LINES * BLOCK;
    // Load factor at most 2/3 keeps linear-probing chains short.
    let tableSize = LINE;
    while (tableSize < logSlots * 1.5) tableSize *= 2;
    const buffer = new SharedArrayBuffer((TABLE_START + tableSize + logSlots) * 4);
    const words = new Int32Array(buffer);
    words[HEADER.capacity] = capacity;
    words[HEADER.tableSize] = tableSize;
    words[HEADER.logSlots] = logSlots;
    return new SeenSet(buffer);
  }

  /** Wraps a buffer made by `SeenSet.create` (in this or another thread). */
  static attach(buffer: SharedArrayBuffer): SeenSet {
    return new SeenSet(buffer);
  }

  /** Values added so far, summed over the handles' counters (O(handles), at most 64 lines). */
  get size(): number {
    const lines = Math.min(Atomics.load(this.words, HEADER.handles), COUNTER_LINES);
    let total = 0;
    for (let line = 0; line < lines; line++) total += Atomics.load(this.words, COUNTERS_START + line * LINE);
    return total;
  }

  /**
   * Inserts `value`; returns true iff this call added it (exactly one concurrent caller wins).
   * Throws RangeError for a non-integer or out-of-range value, SeenSetFullError when full.
   */
  add(value: number): boolean {
    const stored = encode(value);
    const words = this.words;
    // Once full, the set has lost track of a value: every later add must fail as loudly.
    if (Atomics.load(words, HEADER.full) === 1) throw new SeenSetFullError(this.capacity);
    let slot = hash(stored) & this.mask;
    for (;;) {
      const current = Atomics.compareExchange(words, TABLE_START + slot, EMPTY, stored);
      if (current === stored) return false;
      if (current === EMPTY) break;
      slot = (slot + 1) & this.mask;
    }
    if (this.blockNext === this.blockEnd) this.reserveBlock();
    Atomics.store(words, this.logStart + this.blockNext++, stored);
    Atomics.add(words, this.counter, 1);
    return true;
  }

  /** Whether `value` has been added. */
  has(value: number): boolean {
    const stored = encode(value);
    let slot = hash(stored) & this.mask;
    for (;;) {
      const current = Atomics.load(this.words, TABLE_START + slot);
      if (current === stored) return true;
      if (current === EMPTY) return false;
      slot = (slot + 1) & this.mask;
    }
  }

  /** Whether an add ever overflowed the log. */
  get full(): boolean {
    return Atomics.load(this.words, HEADER.full) === 1;
  }

  /**
   * Every value whose add has returned, in O(size + 16 per handle): the log in reservation order
   * (each handle's values in its insertion order), skipping blocks' unused entries. An add still in
   * flight on another thread may be missing; it has not returned yet, so nobody relied on it.
   */
  values(): number[] {
    const end = Math.min(Atomics.load(this.words, HEADER.logCursor), this.logSlots);
    const out: number[] = [];
    for (let entry = 0; entry < end; entry++) {
      const stored = Atomics.load(this.words, this.logStart + entry);
      if (stored !== EMPTY) out.push(stored ^ FLIP);
    }
    return out;
  }

  private reserveBlock(): void {
    const start = Atomics.add(this.words, HEADER.logCursor, BLOCK);
    if (start >= this.logSlots) {
      // The value is in the table but cannot be listed: fail loudly rather than lose it quietly.
      Atomics.store(this.words, HEADER.full, 1);
      throw new SeenSetFullError(this.capacity);
    }
    this.blockNext = start;
    this.blockEnd = Math.min(start + BLOCK, this.logSlots);
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
