import { describe, expect, it } from "vitest";
import { line, text, textError } from "./text";

/** What every form refuses of typed text, with the same message everywhere (names, organisations, answers, feedback). */
describe("typed text", () => {
  it("refuses direction overrides, isolates, zero-width and unreadable characters", () => {
    for (const sneaky of [
      "\u202eGnp.exe", // right-to-left override: shows as exe.pnG
      "Anna\u2066Schmidt\u2069",
      "Ber\u200bnd", // zero-width space
      "Jörg\u200f",
      "Word\u2060Joiner",
      "Stadt \ufffd Bürstadt", // what invalid UTF-8 became
      "lone \ud800 surrogate",
      "other \udc00 half",
    ]) {
      expect(textError(sneaky, false), JSON.stringify(sneaky)).toBe("errors.invisibleChars");
      expect(line(200).safeParse(sneaky).error?.issues[0]?.message).toBe("errors.invisibleChars");
      expect(text(200).safeParse(sneaky).error?.issues[0]?.message).toBe("errors.invisibleChars");
    }
  });

  it("keeps what people really write: umlauts, accents, other scripts, emoji, joiners in names", () => {
    for (const fine of ["Weiß-Öztürk", "Zoë Çelik", "محمد رضا", "می\u200cخواهم", "👩\u200d💻 Team", "😀", "Ελένη", "李雷"]) {
      expect(textError(fine, false), fine).toBeNull();
    }
  });

  it("refuses control characters, C1 included; line breaks only where text may have them", () => {
    expect(textError("a\u0007b", true)).toBe("errors.controlChars");
    expect(textError("a\u0085b", false)).toBe("errors.controlChars");
    expect(textError("Zeile 1\nZeile 2", true)).toBeNull();
    expect(textError("Zeile 1\nZeile 2", false)).toBe("errors.controlChars");
  });
});
