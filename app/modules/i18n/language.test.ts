import { describe, expect, it } from "vitest";
import { fallbackLang, localized } from "./language";

describe("content in a language the page is not in", () => {
  it("marks German shown on an English page for lack of an English text, and nothing else", () => {
    expect(localized("en", "Anmeldung", null)).toBe("Anmeldung");
    expect(fallbackLang("en", null)).toBe("de");
    expect(fallbackLang("en", "")).toBe("de");
    expect(fallbackLang("en", "Registration")).toBeUndefined();
    expect(fallbackLang("de", null)).toBeUndefined();
  });
});
