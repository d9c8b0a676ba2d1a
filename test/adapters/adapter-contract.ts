import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { send, sendSigned } from "./http-client.js";
import { opensslSign } from "./signing.js";
import { BODY_LIMIT, SECRET } from "./test-app.js";

/** A framework server started by a test, serving the test app at `url`. */
export interface RunningServer {
  /** The full URL of the app's route, e.g. `http://127.0.0.1:PORT/helpscout`. */
  url: string;
  close(): Promise<void>;
}

/** A body as PHP's json_encode writes it: escaped slashes and \u escapes for non-ASCII. */
export const PHP_ESCAPED_BODY =
  '{"ticket":{"id":"88001","number":"4512","subject":"Refund for order 77\\/B"},' +
  '"customer":{"id":"5501","fname":"Mar\\u00eda","lname":"Nu\\u00f1ez",' +
  '"email":"maria.nunez@example.org"},"mailbox":{"id":"3","email":"help@example.com"}}';

/** A body with raw UTF-8 outside ASCII, an escaped slash and a name that holds HTML. */
export const UTF8_BODY =
  '{"ticket":{"id":1,"subject":"Order 12\\/A für Zoë 😀"},' +
  '"customer":{"fname":"Åsa <b>","lname":"Ørsted","emails":["Asa@Example.COM"]}}';

/**
 * The tests every adapter must pass on a real server of its framework: a valid signed request,
 * a wrong and a missing signature, non-ASCII bodies with escaped slashes, a re-serialized body,
 * oversized bodies with and without Content-Length, and a method other than POST.
 */
export function describeAdapterContract(name: string, start: () => Promise<RunningServer>) {
  describe(`${name} adapter on a real server`, () => {
    let server: RunningServer;
    beforeAll(async () => {
      server = await start();
    });
    afterAll(async () => {
      await server?.close();
    });

    it("answers a valid signed request with the sidebar HTML as JSON", async () => {
      const answer = await sendSigned(server.url, UTF8_BODY, opensslSign(UTF8_BODY, SECRET));
      expect(answer.status).toBe(200);
      expect(answer.headers["content-type"]).toBe("application/json; charset=utf-8");
      expect(Number(answer.headers["content-length"])).toBe(Buffer.byteLength(answer.text));
      expect(answer.json.html).toContain('<p class="name">Åsa &lt;b&gt; Ørsted</p>');
      expect(answer.json.html).toContain('<p class="emails">asa@example.com</p>');
      expect(answer.json.html).toContain('<p class="subject">Order 12/A für Zoë 😀</p>');
    });

    it("verifies the raw bytes of a PHP-escaped body, not re-encoded JSON", async () => {
      const answer = await sendSigned(
        server.url,
        PHP_ESCAPED_BODY,
        opensslSign(PHP_ESCAPED_BODY, SECRET),
      );
      expect(answer.status).toBe(200);
      expect(answer.json.html).toContain('<p class="name">María Nuñez</p>');
      expect(answer.json.html).toContain('<p class="subject">Refund for order 77/B</p>');
    });

    it("refuses a signature computed over re-serialized JSON", async () => {
      const reserialized = JSON.stringify(JSON.parse(PHP_ESCAPED_BODY));
      expect(reserialized).not.toBe(PHP_ESCAPED_BODY);
      const answer = await sendSigned(
        server.url,
        PHP_ESCAPED_BODY,
        opensslSign(reserialized, SECRET),
      );
      expect(answer.status).toBe(401);
      expect(answer.json.code).toBe("invalid_signature");
    });

    it("refuses a wrong signature with 401 and the error JSON", async () => {
      const answer = await sendSigned(server.url, UTF8_BODY, opensslSign(UTF8_BODY, "other"));
      expect(answer.status).toBe(401);
      expect(answer.json).toEqual({ error: expect.any(String), code: "invalid_signature" });
      expect(answer.text).not.toContain("Ørsted");
    });

    it("refuses a junk signature and a missing one without crashing", async () => {
      const junk = await sendSigned(server.url, UTF8_BODY, "not-base64!");
      expect(junk.status).toBe(401);
      const missing = await send(server.url, { body: UTF8_BODY });
      expect(missing.status).toBe(401);
      expect(missing.json.code).toBe("missing_signature");
    });

    it("refuses a body over the limit declared by Content-Length with 413", async () => {
      const body = `{"pad":"${"x".repeat(BODY_LIMIT * 2)}"}`;
      const answer = await sendSigned(server.url, body, opensslSign(body, SECRET));
      expect(answer.status).toBe(413);
      expect(answer.json.code).toBe("payload_too_large");
    });

    it("refuses a chunked body that grows over the limit with 413", async () => {
      const body = `{"pad":"${"y".repeat(BODY_LIMIT * 2)}"}`;
      const answer = await send(server.url, {
        body,
        chunked: true,
        headers: { "x-helpscout-signature": opensslSign(body, SECRET) },
      });
      expect(answer.status).toBe(413);
      expect(answer.json.code).toBe("payload_too_large");
    });

    it("answers a GET with 405 and Allow: POST", async () => {
      const answer = await send(server.url, { method: "GET" });
      expect(answer.status).toBe(405);
      expect(answer.headers.allow).toBe("POST");
      expect(answer.json.code).toBe("method_not_allowed");
    });
  });
}
