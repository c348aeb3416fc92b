// Main-thread framing throughput: LineSplitter cutting stdin-sized chunks of Maelstrom-like lines
// (what the main thread does for every byte a node reads), for chunks cut on line boundaries
// and for chunks cut at arbitrary points (lines split across chunks). Run alone it prints JSON.
//   node dist-test/bench/framing.js [lines=500000]
import { availableParallelism } from 'node:os';
import { pathToFileURL } from 'node:url';
import { LineSplitter } from '../src/shared/framing.js';

/** Lines per second and MB per second for one way of cutting the input into chunks. */
export interface FramingFigure {
  lines_per_s: number;
  mb_per_s: number;
}

/** Cuts `lines` echo-like lines into 64 KiB chunks (aligned and unaligned); median of `rounds`. */
export function framingFigures(lines = 500_000, rounds = 5): Record<string, FramingFigure> {
  const text = Array.from({ length: lines }, (_, i) => `{"id":${i},"src":"c${i % 10}","dest":"n0","body":{"type":"echo","echo":"Please echo ${i % 128}","msg_id":${i}}}`).join('\n') + '\n';
  const aligned: string[] = [];
  for (let start = 0; start < text.length; ) {
    let end = text.indexOf('\n', Math.min(text.length - 1, start + 65536 - 200)) + 1;
    if (end === 0) end = text.length;
    aligned.push(text.slice(start, end));
    start = end;
  }
  // 65,521 is prime, so every chunk boundary falls somewhere different inside a line.
  const unaligned: string[] = [];
  for (let start = 0; start < text.length; start += 65521) unaligned.push(text.slice(start, start + 65521));
  const measure = (chunks: string[]): FramingFigure => {
    const seconds: number[] = [];
    for (let round = 0; round < rounds; round++) {
      const splitter = new LineSplitter();
      let count = 0;
      const start = performance.now();
      for (const chunk of chunks) count += splitter.push(chunk).length;
      count += splitter.end().length;
      seconds.push((performance.now() - start) / 1000);
      if (count !== lines) throw new Error(`framing lost lines: ${count} of ${lines}`);
    }
    const median = seconds.sort((a, b) => a - b)[Math.floor(seconds.length / 2)];
    return { lines_per_s: Math.round(lines / median), mb_per_s: Math.round(text.length / 1e6 / median) };
  };
  return { chunks_on_line_boundaries: measure(aligned), chunks_cut_mid_line: measure(unaligned) };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const lines = Number(process.argv[2] ?? 500_000);
  const ran = `${lines} echo request lines (~100 bytes) cut into 64 KiB chunks, LineSplitter.push per chunk, median of 5`;
  console.log(JSON.stringify({ bench: 'framing', ran, node: process.version, cores: availableParallelism(), figures: framingFigures(lines) }, null, 2));
}
