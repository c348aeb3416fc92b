/** Random sources for service tests: scripted draws and a small seeded generator. */

/** Returns the given draws in order, then repeats the last one. */
export function scripted(...draws: number[]): () => number {
  let i = 0;
  return () => draws[Math.min(i++, draws.length - 1)];
}

/** A seeded source in [0, 1), so a failing seed can be replayed (re-exported from test/support). */
export { seeded } from '../../support/seeded.js';

/** A request body with a msg_id, as a node would send it. */
let nextMsgId = 1;
export function request(body: Record<string, unknown> & { type: string }): { type: string; msg_id: number; [key: string]: unknown } {
  return { ...body, msg_id: nextMsgId++ };
}
