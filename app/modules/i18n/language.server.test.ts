import { describe, expect, it } from "vitest";
import { getLanguage, preferredLanguage } from "./language.server";

describe("the visitor's language", () => {
  it("follows the browser's Accept-Language on a first visit", () => {
    expect(preferredLanguage("en-GB,en;q=0.9,de;q=0.8")).toBe("en");
    expect(preferredLanguage("fr-FR,fr;q=0.9,de;q=0.7,en;q=0.5")).toBe("de");
    expect(preferredLanguage("de-AT")).toBe("de");
    expect(preferredLanguage("en;q=0, de;q=0.1")).toBe("de");
    expect(preferredLanguage("fr, es")).toBeNull();
    expect(preferredLanguage(null)).toBeNull();
    expect(preferredLanguage("x".repeat(100_000))).toBeNull();
  });

  it("lets a choice made on the site win over the browser", async () => {
    const request = (headers: Record<string, string>) => new Request("http://localhost/", { headers });
    expect(await getLanguage(request({ "Accept-Language": "en-US,en;q=0.9" }))).toBe("en");
    expect(await getLanguage(request({}))).toBe("de");
    // The cookie as the language switch sets it: base64 of the JSON string.
    expect(await getLanguage(request({ "Accept-Language": "en-US", Cookie: `lang=${Buffer.from(JSON.stringify("de")).toString("base64")}` }))).toBe("de");
  });
});
