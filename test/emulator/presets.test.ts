import { describe, expect, it } from "vitest";
import { buildPayload, hasPayloadFields } from "../../src/emulator/build-payload.js";
import { getPreset, MARKUP_PROBES, PRESETS } from "../../src/emulator/presets.js";
import { parseDynamicAppRequest } from "../../src/protocol/request.js";

describe("presets", () => {
  it("are all JSON objects the core parses, each with a summary", () => {
    expect(PRESETS.map((preset) => preset.name)).toEqual([
      "conversation",
      "draft",
      "no-customer",
      "several-addresses",
      "non-ascii",
      "markup-name",
      "php-escaped",
    ]);
    for (const preset of PRESETS) {
      expect(preset.summary.length).toBeGreaterThan(10);
      expect(() => parseDynamicAppRequest(preset.body)).not.toThrow();
    }
  });

  it("cover the cases a Dynamic App gets wrong", () => {
    expect(parseDynamicAppRequest(getPreset("draft").body).isDraft).toBe(true);
    expect(parseDynamicAppRequest(getPreset("no-customer").body).customer).toBeNull();
    const several = parseDynamicAppRequest(getPreset("several-addresses").body);
    expect(several.customer?.email).toBeUndefined();
    expect(several.customerEmails).toEqual([
      "lee+billing@example.net",
      "nobody@example.com",
      "lee@example.net",
    ]);
    expect(Buffer.byteLength(getPreset("non-ascii").body)).toBeGreaterThan(
      getPreset("non-ascii").body.length,
    );
    const markup = parseDynamicAppRequest(getPreset("markup-name").body);
    expect(`${markup.customer?.fname}${markup.customer?.lname}`).toBe(MARKUP_PROBES.join(""));
  });

  it("keep the PHP-style escapes in the bytes, which re-serializing would lose", () => {
    const body = getPreset("php-escaped").body;
    expect(body).toContain("77\\/B");
    expect(body).toContain("Nu\\u00f1ez");
    expect(JSON.stringify(JSON.parse(body))).not.toBe(body);
    expect(parseDynamicAppRequest(body).customerName).toBe("María Nuñez");
  });

  it("name the presets there are when one is unknown", () => {
    expect(() => getPreset("nope")).toThrow(/no preset "nope"; choose one of: conversation, draft/);
  });
});

describe("buildPayload", () => {
  it("puts the fields into the preset, leaving out what has no value", () => {
    const body = JSON.parse(
      buildPayload({ emails: ["a@example.com", "b@example.com"], name: "  Ada   King Lovelace " }),
    ) as { customer: Record<string, unknown>; ticket: Record<string, unknown> };
    expect(body.customer).toEqual({
      id: 789,
      fname: "Ada",
      lname: "King Lovelace",
      email: "a@example.com",
      emails: ["a@example.com", "b@example.com"],
    });
    expect(body.ticket.subject).toBe("Where is my order?");

    const noAddress = JSON.parse(buildPayload({ emails: [], name: "Cher" })) as {
      customer: Record<string, unknown>;
    };
    expect(noAddress.customer).toEqual({ id: 789, fname: "Cher" });
  });

  it("makes a draft, or a subject on a preset without a ticket", () => {
    expect(JSON.parse(buildPayload({ draft: true, subject: "ignored" })).ticket).toBe(false);
    const subject = JSON.parse(buildPayload({ subject: "Hi" }, "draft")) as { ticket: unknown };
    expect(subject.ticket).toEqual({ subject: "Hi" });
    expect(JSON.parse(buildPayload({ name: "Kim" }, "no-customer")).customer).toEqual({
      fname: "Kim",
    });
  });

  it("tells whether any field was given", () => {
    expect(hasPayloadFields({})).toBe(false);
    expect(hasPayloadFields({ draft: false })).toBe(false);
    expect(hasPayloadFields({ subject: "" })).toBe(true);
  });
});
