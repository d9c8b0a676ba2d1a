/** When gathered lines are written. */
export interface GatherOptions {
  /** Write once this many bytes wait. */
  flushAtBytes: number;
  /** The most bytes in one write; a longer line goes alone. */
  maxWriteBytes: number;
  /** Write what waits after at most this long, so a quiet server's lines still appear. */
  flushAfterMs: number;
}

/** Lines gathered for a few writes instead of one write each. */
export interface GatheredLines {
  /** Takes one whole line, newline included. */
  write(line: string): void;
  /** Writes whatever waits, now. */
  flush(): void;
}

/**
 * Gathers lines and hands them to `output` joined, in pieces of whole lines of at most
 * `maxWriteBytes`: one write per line cost a seventh of a loaded server's time, and a piece no
 * longer than a pipe takes at once keeps the lines of processes sharing one pipe from mixing.
 *
 * The lines wait in an array and are joined once per write. A growing string, as the stream
 * under pino kept, had its whole length copied again for every line it took (to count its bytes),
 * about 1.5 KiB of garbage a line.
 */
export function gatherLines(output: (text: string) => void, options: GatherOptions): GatheredLines {
  let waiting: string[] = [];
  let waitingBytes = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;

  function flush(): void {
    if (timer !== undefined) {
      clearTimeout(timer);
      timer = undefined;
    }
    if (waiting.length === 0) return;
    const text = waiting.length === 1 ? (waiting[0] as string) : waiting.join("");
    waiting = [];
    waitingBytes = 0;
    output(text);
  }

  return {
    write(line) {
      const bytes = Buffer.byteLength(line);
      if (waitingBytes + bytes > options.maxWriteBytes) flush();
      waiting.push(line);
      waitingBytes += bytes;
      if (waitingBytes >= options.flushAtBytes) {
        flush();
      } else if (timer === undefined) {
        timer = setTimeout(flush, options.flushAfterMs);
        // A process with nothing else to do exits; its lines are written at exit instead.
        timer.unref();
      }
    },
    flush,
  };
}
