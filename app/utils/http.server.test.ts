import { describe, expect, it } from "vitest";
import { safeRedirectPath } from "./http.server";

describe("safeRedirectPath keeps a redirect on this site", () => {
  it.each([
    ["/admin", "/admin"],
    ["/admin/attendees?q=M%C3%BCller&page=2#list", "/admin/attendees?q=M%C3%BCller&page=2#list"],
    ["/events/a b", "/events/a%20b"],
  ])("accepts the same-origin path %j", (value, expected) => expect(safeRedirectPath(value)).toBe(expected));

  it.each([
    ["a tab that browsers drop, turning it into another host", "/\t/evil.example"],
    ["CR/LF, which cannot go into a header", "/\r\nSet-Cookie: x=y"],
    ["a protocol-relative address", "//evil.example"],
    ["a backslash, which browsers read as a slash", "/\\evil.example"],
    ["a dot segment that normalises to //host", "/.//evil.example"],
    ["an absolute address", "https://evil.example/"],
    ["a javascript: address", "javascript:alert(1)"],
    ["a relative path", "admin"],
    ["a very long value", `/${"a".repeat(5000)}`],
    ["nothing", null],
  ])("refuses %s", (_what, value) => expect(safeRedirectPath(value, "/admin")).toBe("/admin"));
});
