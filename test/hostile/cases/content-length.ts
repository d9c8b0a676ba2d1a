import type { HostileTarget } from "../../helpers/hostile-target.js";
import { hmacSignature } from "../../helpers/openssl.js";
import { BODY, CURRENT, type HostileCase, one, PARSER, rawHead, request, SIG } from "./common.js";

/** `Content-Length` values that lie, or that the HTTP parser must refuse. */
export function contentLengthCases(): HostileCase[] {
  const lying = (
    name: string,
    lines: (t: HostileTarget) => string[],
    body: string,
    status: number,
    code: string | null | typeof PARSER,
  ): HostileCase => ({
    name,
    group: "content-length",
    steps: (t) => one(rawHead(t, lines(t), body)),
    status,
    code,
  });
  const prefix = "{}";
  return [
    // Bytes past a short Content-Length are parsed as a next request; Node's parser refuses
    // that garbage with its bare 400 and closes the connection before the app's answer is out.
    lying(
      "shorter than the body, signed over the whole body",
      () => [`x-helpscout-signature: ${SIG}`, "content-length: 10"],
      BODY,
      400,
      PARSER,
    ),
    lying(
      "shorter than the body, signed over the part it covers",
      () => [`x-helpscout-signature: ${hmacSignature(prefix, CURRENT)}`, "content-length: 2"],
      `${prefix}${BODY}`,
      400,
      PARSER,
    ),
    lying(
      "zero with a body",
      () => [`x-helpscout-signature: ${SIG}`, "content-length: 0"],
      BODY,
      400,
      PARSER,
    ),
    lying(
      "absent, no transfer encoding: the body is read as a next request",
      () => [`x-helpscout-signature: ${SIG}`],
      BODY,
      400,
      PARSER,
    ),
    {
      name: "shorter than the body, the rest a second signed request",
      group: "content-length",
      // Pipelining, not smuggling: each request is verified on its own bytes.
      steps: (t) =>
        one(
          Buffer.concat([
            Buffer.from(
              `POST ${t.path} HTTP/1.1\r\nhost: 127.0.0.1\r\nx-helpscout-signature: ${hmacSignature(prefix, CURRENT)}\r\ncontent-length: 2\r\n\r\n${prefix}`,
            ),
            request(t),
          ]),
        ),
      status: 200,
      code: null,
    },
    lying(
      "longer than the body",
      () => [`x-helpscout-signature: ${SIG}`, `content-length: ${BODY.length + 50}`],
      BODY,
      408,
      "body_timeout",
    ),
    lying(
      "over the limit with a small body",
      (t) => [`x-helpscout-signature: ${SIG}`, `content-length: ${t.bodyLimit + 1}`],
      BODY,
      413,
      "payload_too_large",
    ),
    lying(
      "ten gigabytes",
      () => [`x-helpscout-signature: ${SIG}`, "content-length: 10737418240"],
      BODY,
      413,
      "payload_too_large",
    ),
    lying(
      "past 64 bits",
      () => [`x-helpscout-signature: ${SIG}`, "content-length: 99999999999999999999"],
      BODY,
      400,
      PARSER,
    ),
    lying(
      "leading zeros",
      () => [`x-helpscout-signature: ${SIG}`, `content-length: 000${BODY.length}`],
      BODY,
      200,
      null,
    ),
    lying(
      "not a number",
      () => [`x-helpscout-signature: ${SIG}`, "content-length: abc"],
      BODY,
      400,
      PARSER,
    ),
    lying(
      "negative",
      () => [`x-helpscout-signature: ${SIG}`, "content-length: -1"],
      BODY,
      400,
      PARSER,
    ),
    lying(
      "two different values",
      () => [
        `x-helpscout-signature: ${SIG}`,
        "content-length: 5",
        `content-length: ${BODY.length}`,
      ],
      BODY,
      400,
      PARSER,
    ),
    lying(
      "together with chunked transfer encoding",
      () => [
        `x-helpscout-signature: ${SIG}`,
        `content-length: ${BODY.length}`,
        "transfer-encoding: chunked",
      ],
      `${BODY.length.toString(16)}\r\n${BODY}\r\n0\r\n\r\n`,
      400,
      PARSER,
    ),
  ];
}
