import { describe, expect, it } from "vitest";
import { attendeeNameKeys, foldForSearch } from "./name-keys";

const keysOf = (firstName: string, lastName: string, organisation = "Stadt Bürstadt") => attendeeNameKeys({ firstName, lastName, email: "x@example.org", organisation });
const matches = (haystack: string, typed: string) => haystack.includes(foldForSearch(typed));

describe("attendee name keys", () => {
  it("fold case, umlauts, accents and ß the way German readers compare names", () => {
    expect(foldForSearch("  Öztürk-Weiß ")).toBe("ozturk-weiss");
    expect(foldForSearch("Zoë Ångström Łukasz Søren")).toBe("zoe angstrom lukasz soren");
  });

  it("let every usual spelling find a name with umlauts", () => {
    const { searchText } = keysOf("Jörg", "Müller");
    for (const typed of ["müller", "MÜLLER", "muller", "mueller", "jörg", "joerg", "bürstadt", "burstadt"]) expect(matches(searchText, typed), typed).toBe(true);
    expect(matches(searchText, "jörg müller")).toBe(false); // words are searched one by one, not across fields
  });

  it("sort by last name, then first name, in German order (umlauts as their base letter)", () => {
    const people = [keysOf("Anna", "Zander"), keysOf("Ömer", "Özdemir"), keysOf("Zoë", "Berg"), keysOf("Anna", "Bergmann"), keysOf("Ute", "Oberle"), keysOf("Ali", "Äbersold")];
    const sorted = people.map((keys) => keys.sortName).sort();
    expect(sorted.map((key) => key.split("\u0001")[0])).toEqual(["abersold", "berg", "bergmann", "oberle", "ozdemir", "zander"]);
  });
});
