/**
 * Newline framing for the main thread: cuts a stream of text chunks into whole lines without
 * parsing them. A line may arrive split across many chunks (megabytes long), and one chunk may hold
 * thousands of lines; both cost O(bytes), because a partial line is kept as a list of parts and
 * joined once, instead of being re-concatenated on every chunk.
 */

/** Splits text chunks into lines; keeps the unfinished tail until its newline arrives. */
export class LineSplitter {
  /** Pieces of the current unfinished line, oldest first. */
  private parts: string[] = [];
  /** Total characters held in `parts`, for `pendingChars`. */
  private partChars = 0;

  /** Characters buffered for a line whose newline has not arrived yet. */
  get pendingChars(): number {
    return this.partChars;
  }

  /**
   * Feeds one chunk and returns the lines it completed, in order, without their newline. Empty
   * lines (and a lone `\r`) are skipped: they carry no message. A trailing `\r` is dropped.
   */
  push(chunk: string): string[] {
    const lines: string[] = [];
    let start = 0;
    let newline = chunk.indexOf('\n');
    while (newline !== -1) {
      let line = chunk.slice(start, newline);
      if (this.parts.length > 0) {
        this.parts.push(line);
        line = this.parts.join('');
        this.parts = [];
        this.partChars = 0;
      }
      addLine(lines, line);
      start = newline + 1;
      newline = chunk.indexOf('\n', start);
    }
    if (start < chunk.length) {
      const tail = start === 0 ? chunk : chunk.slice(start);
      this.parts.push(tail);
      this.partChars += tail.length;
    }
    return lines;
  }

  /** Ends the stream: returns the last line if it had no newline, else nothing. */
  end(): string[] {
    const lines: string[] = [];
    if (this.parts.length > 0) addLine(lines, this.parts.join(''));
    this.parts = [];
    this.partChars = 0;
    return lines;
  }
}

function addLine(lines: string[], line: string): void {
  // Maelstrom never sends blank lines; a CRLF writer (a human typing into a pipe) might.
  if (line.length > 0 && line.charCodeAt(line.length - 1) === 13) line = line.slice(0, -1);
  if (line.length > 0) lines.push(line);
}

/** Joins outgoing lines into one chunk for a single write, each line newline-terminated. */
export function joinLines(lines: readonly string[]): string {
  return lines.length === 0 ? '' : lines.join('\n') + '\n';
}
