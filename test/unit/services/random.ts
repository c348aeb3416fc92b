/** Random sources for service tests: scripted draws and a small seeded generator. */

/** Returns the given draws in order, then repeats the last one. */
export function scripted(...draws: number[]): () => number {
  let i = 0;
  return () => draws[Math.min(i++, draws.length - 1)];
}

/** A seeded source in [0, 1) (mulberry32), so a failing seed can be replayed. */
export function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A request body with a msg_id, as a node would send it. */
let nextMsgId = 1;
export function request(body: Record<string, unknown> & { type: string }): { type: string; msg_id: number; [key: string]: unknown } {
  return { ...body, msg_id: nextMsgId++ };
}
