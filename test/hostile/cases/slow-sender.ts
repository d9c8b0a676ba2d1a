import type { HostileTarget } from "../../helpers/hostile-target.js";
import type { RawStep } from "../../helpers/raw-http.js";
import { BODY, type HostileCase, PARSER, rawHead, SIG } from "./common.js";

/** Senders that stall, trickle or give up half-way. */
export function slowCases(): HostileCase[] {
  const trickle = (target: HostileTarget, chunk: string, count: number): RawStep[] =>
    Array.from(
      { length: count },
      () => [chunk, { pauseMs: Math.ceil(target.bodyTimeoutMs / 5) }] as RawStep[],
    ).flat();
  return [
    {
      name: "the head arrives, the body never does",
      group: "slow sender",
      steps: (t) => [
        rawHead(t, [`x-helpscout-signature: ${SIG}`, `content-length: ${BODY.length}`]),
      ],
      status: 408,
      code: "body_timeout",
    },
    {
      name: "half the body, then silence",
      group: "slow sender",
      steps: (t) => [
        rawHead(
          t,
          [`x-helpscout-signature: ${SIG}`, `content-length: ${BODY.length}`],
          BODY.slice(0, 20),
        ),
      ],
      status: 408,
      code: "body_timeout",
    },
    {
      name: "a body that trickles in a byte at a time",
      group: "slow sender",
      steps: (t) => [
        rawHead(t, [`x-helpscout-signature: ${SIG}`, `content-length: ${BODY.length}`]),
        ...trickle(t, "{", BODY.length),
      ],
      status: 408,
      code: "body_timeout",
    },
    {
      name: "the client closes its side half-way through the body",
      group: "slow sender",
      // Node's parser meets the early end first and answers its bare 400 (the app logs 408).
      steps: (t) => [
        rawHead(
          t,
          [`x-helpscout-signature: ${SIG}`, `content-length: ${BODY.length}`],
          BODY.slice(0, 10),
        ),
        { endWrite: true },
      ],
      status: 400,
      code: PARSER,
    },
    {
      name: "a chunked body that trickles in",
      group: "slow sender",
      steps: (t) => [
        rawHead(t, [`x-helpscout-signature: ${SIG}`, "transfer-encoding: chunked"]),
        ...trickle(t, "1\r\n{\r\n", 200),
      ],
      status: 408,
      code: "body_timeout",
    },
  ];
}
