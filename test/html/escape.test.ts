import { describe, expect, it } from "vitest";
import { escapeHtml } from "../../src/html/escape.js";

describe("escapeHtml", () => {
  it("escapes the five characters that matter in content and quoted attributes", () => {
    expect(escapeHtml(`&<>"'`)).toBe("&amp;&lt;&gt;&quot;&#39;");
  });

  it("escapes an ampersand first, so entities are not double-decoded", () => {
    expect(escapeHtml("&lt;")).toBe("&amp;lt;");
    expect(escapeHtml("&amp;&amp;")).toBe("&amp;amp;&amp;amp;");
  });

  it("returns other text unchanged, Unicode included", () => {
    const text = "Zoë 李 🦊 `backtick` = / \\ \u0000";
    expect(escapeHtml(text)).toBe(text);
  });

  it("gives the same answer when called repeatedly (the global regex keeps no state)", () => {
    for (let i = 0; i < 5; i++) {
      expect(escapeHtml("a<b")).toBe("a&lt;b");
      expect(escapeHtml("<")).toBe("&lt;");
      expect(escapeHtml("plain")).toBe("plain");
    }
  });

  it("escapes every occurrence in a long string", () => {
    const text = "<>".repeat(10_000);
    const escaped = escapeHtml(text);
    expect(escaped).toBe("&lt;&gt;".repeat(10_000));
    expect(escaped).not.toMatch(/[<>]/);
  });
});
