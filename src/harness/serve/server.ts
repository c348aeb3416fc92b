/**
 * `glomers serve`: a web index of the store's runs, and every run folder's files (report.html,
 * results, logs), as `maelstrom serve` offers. Read-only: GET and HEAD only, and nothing outside
 * the store root is served, whatever the path says (symlinks included).
 */
import { createReadStream, readdirSync, realpathSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { extname, join, sep } from 'node:path';
import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { folderPage, indexPage } from './page.js';
import { listRuns } from './runs.js';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

/** An HTTP server over the store at `root` (not yet listening). */
export function storeServer(root: string): Server {
  return createServer((request, response) => {
    const send = (status: number, body: string, type = 'text/plain; charset=utf-8') => {
      response.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
      response.end(request.method === 'HEAD' ? undefined : body);
    };
    if (request.method !== 'GET' && request.method !== 'HEAD') return send(405, 'read-only: GET and HEAD only\n');
    let path: string;
    try {
      path = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname);
    } catch {
      return send(400, 'bad path\n');
    }
    if (path === '/') return send(200, indexPage(root, listRuns(root)), TYPES['.html']);
    // Browsers ask for it on every page; a 404 would show as a console error.
    if (path === '/favicon.ico') return send(204, '');
    if (!path.startsWith('/runs/')) return send(404, 'not found\n');
    const file = inside(root, path.slice('/runs/'.length));
    if (file === undefined) return send(404, 'not found\n');
    const stat = statSync(file);
    if (stat.isDirectory()) {
      if (!path.endsWith('/')) {
        response.writeHead(301, { location: `${request.url}/` });
        return response.end();
      }
      const entries = readdirSync(file, { withFileTypes: true }).map((e) => {
        const full = join(file, e.name);
        const s = statSync(full, { throwIfNoEntry: false });
        return { name: e.name, isDir: s?.isDirectory() ?? false, size: s?.size ?? 0 };
      }).sort((a, b) => a.name.localeCompare(b.name));
      return send(200, folderPage(path.slice('/runs/'.length), entries), TYPES['.html']);
    }
    // Text by default: results.edn, history.txt, *.jsonl and node logs read best in the browser.
    response.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'text/plain; charset=utf-8', 'content-length': stat.size, 'cache-control': 'no-store' });
    if (request.method === 'HEAD') return response.end();
    createReadStream(file).on('error', () => response.destroy()).pipe(response);
  });
}

/** `relative` resolved under `root`, or undefined if it does not exist or leaves the root. */
function inside(root: string, relative: string): string | undefined {
  try {
    const base = realpathSync(root);
    const real = realpathSync(join(base, relative));
    return real === base || real.startsWith(base + sep) ? real : undefined;
  } catch {
    return undefined;
  }
}

const port = (value: string): number => {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || n > 65535) throw new InvalidArgumentError('expected a port number from 0 to 65535 (0: any free port)');
  return n;
};

/** Adds `serve` to a commander program; runs until SIGINT or SIGTERM. */
export function registerServeCommand(program: Command, print: (line: string) => void = (line) => console.log(line)): Command {
  const command = program
    .command('serve')
    .description('Serves a web index of the store\'s runs (verdicts, key figures, reports and files), like `maelstrom serve`.')
    .option('--port <n>', 'port (0: any free port)', port, 8080)
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--store <dir>', 'store root', 'store')
    .action(async (flags: { port: number; host: string; store: string }) => {
      const server = storeServer(flags.store);
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(flags.port, flags.host, () => resolve());
      }).catch((error: Error) => {
        throw new InvalidArgumentError(`cannot listen on ${flags.host}:${flags.port}: ${error.message}`);
      });
      const address = server.address();
      const actual = typeof address === 'object' && address ? address.port : flags.port;
      print(`Serving ${flags.store} on http://${flags.host}:${actual}/ (Ctrl-C to stop)`);
      await new Promise<void>((resolve) => {
        for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => server.close(() => resolve()));
      });
      program.setOptionValue('exitCode', 0);
    });
  command.exitOverride();
  return command;
}
