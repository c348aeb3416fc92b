/** Builds small kafka histories by hand: each call appends an invocation and its completion. */
import type { Op, OpType } from '../../../src/harness/history.js';

type Done = Exclude<OpType, 'invoke'>;

/** A tiny history builder; time advances 1 ms per op. */
export class KafkaHistory {
  readonly ops: Op[] = [];
  private time = 0;

  private add(process: number, f: string, invokeValue: unknown, type: Done, value: unknown, extra: Partial<Op> = {}): this {
    this.ops.push({ index: this.ops.length, time: (this.time += 1e6), type: 'invoke', process, f, value: invokeValue });
    this.ops.push({ index: this.ops.length, time: (this.time += 1e6), type, process, f, value, ...extra });
    return this;
  }

  /** A send; an offset of null means the client never learnt one (info/fail). */
  send(process: number, key: string, msg: unknown, offset: number | null, type: Done = 'ok'): this {
    const invoked = [['send', key, msg]];
    return this.add(process, 'send', invoked, type, offset === null ? invoked : [['send', key, [offset, msg]]]);
  }

  /** A poll that read the given `[offset, msg]` pairs. */
  poll(process: number, msgs: Record<string, Array<[number, unknown]>>, type: Done = 'ok'): this {
    return this.add(process, 'poll', [['poll']], type, [['poll', msgs]]);
  }

  /** An assign of the given keys. */
  assign(process: number, keys: string[], type: Done = 'ok'): this {
    return this.add(process, 'assign', keys, type, keys);
  }

  /** A send whose invocation is placed *after* everything so far, completing later still. */
  lateSend(process: number, key: string, msg: unknown, offset: number, atMs: number): this {
    this.ops.push({ index: this.ops.length, time: atMs * 1e6, type: 'invoke', process, f: 'send', value: [['send', key, msg]] });
    this.ops.push({ index: this.ops.length, time: (atMs + 1) * 1e6, type: 'ok', process, f: 'send', value: [['send', key, [offset, msg]]] });
    return this;
  }
}
