/**
 * lin-tso (SPEC §6): a timestamp oracle answering `ts` with 0, 1, 2, ... Maelstrom's
 * `(linearizable (persistent-tso))`.
 */
import type { BaseBody } from '../../shared/protocol.js';
import { inReplyTo, type Service } from './service.js';

/** A strictly increasing timestamp source starting at 0. */
export class LinTso implements Service {
  readonly id: string = 'lin-tso';
  private next = 0;

  /** See {@link Service.handle}. Only `ts` is understood. */
  handle(_src: string, body: BaseBody): BaseBody | undefined {
    if (body.type !== 'ts') return undefined;
    return inReplyTo(body, { type: 'ts_ok', ts: this.next++ });
  }
}
