import { describe, expect, it } from "vitest";
import { MESSAGES, translator } from "./messages";

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();

describe("messages", () => {
  it("has every text in German and English, with the same placeholders", () => {
    for (const [key, german] of Object.entries(MESSAGES.de)) {
      const english = MESSAGES.en[key as keyof typeof MESSAGES.en];
      expect(german.trim(), key).not.toBe("");
      expect(english.trim(), key).not.toBe("");
      expect(placeholders(english), key).toEqual(placeholders(german));
    }
  });

  it('error messages that take a parameter ("errors.key:value", forms.tsx translateError) name it {max}', () => {
    // "errors.amountTooHigh:89,00 €" once showed "({amount})": the parameter was never filled in.
    for (const [key, text] of Object.entries(MESSAGES.de)) {
      if (!key.startsWith("errors.")) continue;
      for (const name of placeholders(text)) expect(name, key).toBe("max");
    }
  });

  it("fills in placeholders", () => {
    expect(translator("de")("event.seatsLeft", { count: 3, capacity: 45 })).toBe("3 von 45 Plätzen frei");
    expect(translator("en")("event.seatsLeft", { count: 3, capacity: 45 })).toBe("3 of 45 places left");
  });
});
