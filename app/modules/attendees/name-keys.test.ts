import { describe, expect, it } from "vitest";
import { attendeeNameKeys, foldForSort, searchKey } from "./name-keys";

const keysOf = (firstName: string, lastName: string, organisation = "Stadt Bürstadt") =>
  attendeeNameKeys({ firstName, lastName, email: "x@example.org", organisation });
const matches = (haystack: string, typed: string) => haystack.includes(searchKey(typed));

describe("attendee name keys", () => {
  it("fold case, umlauts, accents and ß the way German readers compare names", () => {
    expect(foldForSort("  Öztürk-Weiß ")).toBe("ozturk-weiss");
    expect(foldForSort("Zoë Ångström Łukasz Søren")).toBe("zoe angstrom lukasz soren");
    expect(foldForSort("Öztürk".normalize("NFD"))).toBe("ozturk");
  });

  it("let every usual spelling find a name with umlauts, both ways and mixed", () => {
    const { searchText } = keysOf("Jörg", "Müller");
    for (const typed of ["müller", "MÜLLER", "muller", "mueller", "jörg", "joerg", "bürstadt", "burstadt", "buerstadt"])
      expect(matches(searchText, typed), typed).toBe(true);
    expect(matches(searchText, "jörg müller")).toBe(false); // words are searched one by one, not across fields
    for (const [name, typed] of [
      ["Öztürk", "oeztuerk"],
      ["Oeztuerk", "Öztürk"],
      ["Öztürk", "Oeztürk"],
      ["Öztürk".normalize("NFD"), "oeztuerk"],
      ["Mueller", "müller"],
    ]) {
      expect(matches(keysOf("Ayşe", name!).searchText, typed!), `${typed} finds ${name}`).toBe(true);
    }
  });

  it("sort by last name, then first name, in German order (umlauts as their base letter)", () => {
    const people = [
      keysOf("Anna", "Zander"),
      keysOf("Ömer", "Özdemir"),
      keysOf("Zoë", "Berg"),
      keysOf("Anna", "Bergmann"),
      keysOf("Ute", "Oberle"),
      keysOf("Ali", "Äbersold"),
    ];
    const sorted = people.map((keys) => keys.sortName).sort();
    expect(sorted.map((key) => key.split("\u0001")[0])).toEqual(["abersold", "berg", "bergmann", "oberle", "ozdemir", "zander"]);
  });
});
