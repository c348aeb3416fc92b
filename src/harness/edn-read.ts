/**
 * Reads back the EDN glomers writes (history.edn), for `glomers analyze`: maps, vectors, lists,
 * sets, strings, numbers, nil, booleans, keywords and ##NaN/##Inf. Keyword map keys become plain
 * string keys, as results and ops have them in memory ('valid?', 'final?' → final on ops); keyword
 * values become Keyword objects, except a history op's type, f and nemesis process, which are
 * strings in memory. Not a general EDN reader: no tags, symbols, chars or comments, because
 * glomers never writes them.
 */
import { isOp, Keyword } from './edn.js';

/** Parses one EDN value from `text`; throws with the offset on anything it does not read. */
export function readEdn(text: string): unknown {
  const reader = new Reader(text);
  const value = reader.value();
  reader.end();
  return value;
}

/** Parses a file of one EDN value per line (history.edn), skipping blank lines. */
export function readEdnLines(text: string): unknown[] {
  return text.split('\n').filter((line) => line.trim() !== '').map((line, i) => {
    try {
      return readEdn(line);
    } catch (error) {
      throw new Error(`line ${i + 1}: ${(error as Error).message}`);
    }
  });
}

const DELIMITER = /[\s,{}[\]()"]/;

class Reader {
  private at = 0;
  constructor(private readonly text: string) {}

  end(): void {
    this.skip();
    if (this.at < this.text.length) this.fail('unexpected text after the value');
  }

  value(): unknown {
    this.skip();
    const ch = this.text[this.at];
    if (ch === undefined) this.fail('unexpected end');
    if (ch === '{') return this.map();
    if (ch === '[' || ch === '(') return this.seq(ch === '[' ? ']' : ')');
    if (ch === '#' && this.text[this.at + 1] === '{') {
      this.at++;
      return new Set(this.seq('}'));
    }
    if (ch === '"') return this.string();
    if (ch === ':') return new Keyword(this.token().slice(1));
    const token = this.token();
    if (token === 'nil') return null;
    if (token === 'true') return true;
    if (token === 'false') return false;
    if (token === '##NaN') return NaN;
    if (token === '##Inf') return Infinity;
    if (token === '##-Inf') return -Infinity;
    const n = Number(token.endsWith('N') || token.endsWith('M') ? token.slice(0, -1) : token);
    if (token !== '' && !Number.isNaN(n)) return n;
    return this.fail(`cannot read ${JSON.stringify(token)}`);
  }

  private map(): Record<string, unknown> {
    this.at++;
    const out: Record<string, unknown> = {};
    for (;;) {
      this.skip();
      if (this.text[this.at] === '}') {
        this.at++;
        break;
      }
      const key = this.value();
      const value = this.value();
      out[key instanceof Keyword ? key.name : String(key)] = value;
    }
    return isOp(out) ? asOp(out) : out;
  }

  private seq(close: string): unknown[] {
    this.at++;
    const out: unknown[] = [];
    for (;;) {
      this.skip();
      if (this.text[this.at] === close) {
        this.at++;
        return out;
      }
      if (this.at >= this.text.length) this.fail(`missing ${close}`);
      out.push(this.value());
    }
  }

  private string(): string {
    let out = '';
    for (this.at++; this.at < this.text.length; this.at++) {
      const ch = this.text[this.at];
      if (ch === '"') {
        this.at++;
        return out;
      }
      if (ch !== '\\') {
        out += ch;
        continue;
      }
      const next = this.text[++this.at];
      if (next === 'n') out += '\n';
      else if (next === 't') out += '\t';
      else if (next === 'r') out += '\r';
      else if (next === 'u') {
        out += String.fromCharCode(parseInt(this.text.slice(this.at + 1, this.at + 5), 16));
        this.at += 4;
      } else out += next;
    }
    return this.fail('unterminated string');
  }

  private token(): string {
    const start = this.at;
    // '#' starts ##NaN; elsewhere it only appears inside keywords.
    while (this.at < this.text.length && (!DELIMITER.test(this.text[this.at]) || this.at === start)) this.at++;
    return this.text.slice(start, this.at);
  }

  private skip(): void {
    while (this.at < this.text.length && /[\s,]/.test(this.text[this.at])) this.at++;
  }

  private fail(reason: string): never {
    throw new Error(`EDN at offset ${this.at}: ${reason}`);
  }
}

/** A history op as the recorder holds it: type, f and the nemesis process as strings; final? as final. */
function asOp(map: Record<string, unknown>): Record<string, unknown> {
  const name = (v: unknown) => (v instanceof Keyword ? v.name : v);
  const op: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(map)) {
    if (key === 'type' || key === 'f' || key === 'process') op[key] = name(value);
    else if (key === 'final?') op.final = value;
    else op[key] = value;
  }
  return op;
}
