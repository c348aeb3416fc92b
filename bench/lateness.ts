/**
 * Delivery-lateness benchmark (issue 13 item 7): the harness network at a steady offered rate,
 * 25 participants, constant 100 ms latency, each message sent at a random time (Poisson-like) so
 * wake-ups do not line up on timer ticks. Prints, per rate and timer (coarse = setTimeout rounded
 * up, as before; precise = helper thread + short poll, what runs use), lateness p50/p99/max in ms
 * (write time − the pump's wake time) and the harness CPU per delivered message.
 * Target: precise p50 <= 0.1 ms and p99 <= 1 ms under 10k msgs/s.
 * Usage: node dist-test/bench/lateness.js [seconds per case, default 3]   LATENESS_RATES=100,1000,5000
 */
import os from 'node:os';
import { realClock } from '../src/harness/net/clock.js';
import { Journal } from '../src/harness/net/journal.js';
import { LatenessSamples } from '../src/harness/net/lateness.js';
import { Network } from '../src/harness/net/network.js';
import { coarseTimer, preciseTimer } from '../src/harness/net/timer.js';
import { createRng } from '../src/harness/rng.js';

const SECONDS = Number(process.argv[2] ?? 3);
const RATES = process.env.LATENESS_RATES?.split(',').map(Number) ?? [100, 1000, 5000];
const NODES = Array.from({ length: 25 }, (_, i) => `n${i}`);

async function measure(rate: number, timerName: 'coarse' | 'precise') {
  const rng = createRng(rate);
  const network = new Network({ clock: realClock(), journal: new Journal(), latency: () => 100, timer: timerName === 'precise' ? preciseTimer() : coarseTimer() });
  let delivered = 0;
  for (const id of NODES) network.registerParticipant(id, () => void delivered++);
  const lateness = new LatenessSamples();
  network.lateness = lateness;
  const cpu = process.cpuUsage();
  const end = performance.now() + SECONDS * 1000;
  let sent = 0;
  // Sends in 1 ms ticks, each tick's count drawn so the mean is the rate.
  while (performance.now() < end) {
    const due = (rate / 1000) * (performance.now() - (end - SECONDS * 1000)) - sent;
    for (let k = 0; k < due; k++, sent++) network.send(NODES[rng.int(25)], NODES[rng.int(25)], { type: 'x' });
    await new Promise((r) => setTimeout(r, rng.next() * 2));
  }
  await new Promise((r) => setTimeout(r, 150));
  const used = process.cpuUsage(cpu);
  network.close();
  return { rate, timer: timerName, delivered, ...lateness.summary(), cpuMicrosPerMessage: Math.round((used.user + used.system) / Math.max(1, delivered)) };
}

const rows = [];
for (const rate of RATES) for (const timer of ['coarse', 'precise'] as const) rows.push(await measure(rate, timer));
console.log(JSON.stringify({ bench: 'lateness', node: process.version, cores: os.cpus().length, loadAverage: os.loadavg().map((x) => Number(x.toFixed(2))), seconds: SECONDS, rows }, null, 2));
