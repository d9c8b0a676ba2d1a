import { connect, type Socket } from "node:net";

/** One HTTP response read off a raw socket. */
export interface RawAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** A request whose headers the server has taken in, with the end of its body held back. */
export interface SlowRequest {
  /** Sends the rest of the body, and after it `then` (e.g. a pipelined request), and reads. */
  finish(then?: string): Promise<RawAnswer[]>;
  socket: Socket;
}

function parseAnswers(received: string): { answers: RawAnswer[]; complete: boolean } {
  const answers: RawAnswer[] = [];
  let rest = received;
  while (rest.length > 0) {
    const end = rest.indexOf("\r\n\r\n");
    if (end === -1) return { answers, complete: false };
    const [statusLine = "", ...lines] = rest.slice(0, end).split("\r\n");
    const headers: Record<string, string> = {};
    for (const line of lines) {
      const colon = line.indexOf(":");
      headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
    }
    const length = Number(headers["content-length"] ?? 0);
    const body = rest.slice(end + 4, end + 4 + length);
    if (Buffer.byteLength(body) < length) return { answers, complete: false };
    answers.push({ status: Number(statusLine.split(" ")[1]), headers, body });
    rest = rest.slice(end + 4 + body.length);
  }
  return { answers, complete: true };
}

/**
 * Starts a POST on a kept-alive connection and holds back the last bytes of its body, so the
 * request is in flight for as long as the test likes. Resolves once the server has taken the
 * headers in (it said `100 Continue`), so a test knows the request is really in flight.
 *
 * @example
 * ```ts
 * const slow = await startSlowRequest(port, body, { "x-helpscout-signature": sig });
 * const [answer] = await slow.finish();
 * ```
 */
export function startSlowRequest(
  port: number,
  body: string,
  headers: Record<string, string>,
): Promise<SlowRequest> {
  const bytes = Buffer.from(body);
  const head =
    "POST / HTTP/1.1\r\nhost: 127.0.0.1\r\nexpect: 100-continue\r\n" +
    Object.entries(headers)
      .map(([name, value]) => `${name}: ${value}\r\n`)
      .join("") +
    `content-length: ${bytes.length}\r\n\r\n`;
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1");
    let received = "";
    let closed = false;
    socket.on("data", (chunk) => {
      received += chunk.toString();
    });
    socket.on("close", () => {
      closed = true;
    });
    socket.on("error", reject);
    const waitForContinue = setInterval(() => {
      if (!received.startsWith("HTTP/1.1 100")) return;
      clearInterval(waitForContinue);
      const afterContinue = received.indexOf("\r\n\r\n") + 4;
      received = received.slice(afterContinue);
      socket.write(bytes.subarray(0, bytes.length - 5));
      resolve({
        socket,
        finish(then = "") {
          socket.write(Buffer.concat([bytes.subarray(bytes.length - 5), Buffer.from(then)]));
          const expected = then === "" ? 1 : 2;
          return new Promise((done, fail) => {
            const timer = setTimeout(() => fail(new Error(`No answer; got:\n${received}`)), 15_000);
            const check = setInterval(() => {
              const { answers, complete } = parseAnswers(received);
              if ((complete && answers.length >= expected) || closed) {
                clearInterval(check);
                clearTimeout(timer);
                done(answers);
              }
            }, 10);
          });
        },
      });
    }, 5);
    socket.write(head);
  });
}
