// Worker for bench/hop: answers every message on its port at once, with its receive time on the
// shared clock (performance.timeOrigin + performance.now(), as GLOMERS_TRACE stamps hops).
import { parentPort } from 'node:worker_threads';

parentPort!.on('message', (message: { type: string; lines: string[]; sentAt: number }) => {
  const receivedAt = performance.timeOrigin + performance.now();
  parentPort!.postMessage({ type: 'out', lines: message.lines, sentAt: message.sentAt, receivedAt, repliedAt: performance.timeOrigin + performance.now() });
});
