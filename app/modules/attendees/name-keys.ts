/**
 * Keys that let SQLite search and sort names the German way. SQLite compares bytes and folds case only
 * for ASCII, so "öztürk" would not find "Öztürk" and "Özdemir" would sort after "Zander". Each attendee
 * row therefore carries folded copies of its names, written with the names and compared instead of them.
 */

/** Letters that Unicode decomposition leaves alone but a German reader treats as plain Latin letters. */
const LATIN_LETTERS: Record<string, string> = { ß: "ss", æ: "ae", œ: "oe", ø: "o", ł: "l", đ: "d", ð: "d", þ: "th", ı: "i" };

/** Lower case, accents and umlauts dropped (DIN 5007-1: "ä" sorts and matches as "a"). */
export function foldForSearch(text: string): string {
  return text
    .toLocaleLowerCase("de-DE")
    .replace(/[ßæœøłđðþı]/g, (letter) => LATIN_LETTERS[letter]!)
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .trim();
}

/** The spelling without umlaut letters ("Müller" → "mueller"), as people type it on a foreign keyboard. */
function transliterateUmlauts(text: string): string {
  return foldForSearch(text.toLocaleLowerCase("de-DE").replace(/ä/g, "ae").replace(/ö/g, "oe").replace(/ü/g, "ue"));
}

export type AttendeeNameKeys = { searchText: string; sortName: string; sortOrganisation: string };

/**
 * The keys of one attendee. `searchText` holds every searchable field folded, and names also
 * transliterated, so "muller", "mueller" and "Müller" all find Müller. Fields are kept apart by "|" so a
 * word never matches across two of them.
 */
export function attendeeNameKeys(person: { firstName: string; lastName: string; email: string; organisation: string }): AttendeeNameKeys {
  const names = [person.firstName, person.lastName].flatMap((name) => [foldForSearch(name), transliterateUmlauts(name)]);
  const parts = [...names, foldForSearch(person.email), foldForSearch(person.organisation)];
  return {
    searchText: `|${[...new Set(parts)].join("|")}|`,
    // U+0001 sorts before every printable letter, so "Berg, Zoe" comes before "Bergmann, Anna".
    sortName: `${foldForSearch(person.lastName)}\u0001${foldForSearch(person.firstName)}`,
    sortOrganisation: foldForSearch(person.organisation),
  };
}
