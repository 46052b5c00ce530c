/**
 * Keys that let SQLite search and sort names the German way. SQLite compares bytes and folds case only
 * for ASCII, so "öztürk" would not find "Öztürk" and "Özdemir" would sort after "Zander". Each attendee
 * row therefore carries folded copies of its names, written with the names and compared instead of them.
 */

/** Raise when the keys' rules change: rows with an older version are rewritten at start (refresh-name-keys.server.ts). */
export const NAME_KEYS_VERSION = 2;

/** Letters that Unicode decomposition leaves alone but a German reader treats as plain Latin letters. */
const LATIN_LETTERS: Record<string, string> = { ß: "ss", æ: "ae", œ: "oe", ø: "o", ł: "l", đ: "d", ð: "d", þ: "th", ı: "i" };

/**
 * Lower case, accents and umlauts dropped (DIN 5007-1: "ä" sorts as "a"): the order of names. Composed
 * first, so that a name typed as "o" plus a combining diaeresis folds like "ö".
 */
export function foldForSort(text: string): string {
  return text
    .normalize("NFC")
    .toLocaleLowerCase("de-DE")
    .replace(/[ßæœøłđðþı]/g, (letter) => LATIN_LETTERS[letter]!)
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .trim();
}

/**
 * What a search compares, on both sides: the sort fold plus "ae", "oe", "ue" read as "a", "o", "u". So
 * "Müller", "Mueller" and "Muller" are one key, and so are "Öztürk", "oeztuerk" and the mixed
 * "Oeztürk": however a person types an umlaut, in the name or in the search, they meet. (It also makes
 * "Michael" and "Michal" one key; a search finding both is the lesser evil.)
 */
export function searchKey(text: string): string {
  return foldForSort(text).replace(/([aou])e/g, "$1");
}

export type AttendeeNameKeys = { searchText: string; sortName: string; sortOrganisation: string; nameKeysVersion: number };

/**
 * The keys of one attendee. `searchText` holds every searchable field as its search key; fields are kept
 * apart by "|" so a word never matches across two of them.
 */
export function attendeeNameKeys(person: { firstName: string; lastName: string; email: string; organisation: string }): AttendeeNameKeys {
  const parts = [person.firstName, person.lastName, person.email, person.organisation].map(searchKey);
  return {
    searchText: `|${[...new Set(parts)].join("|")}|`,
    // U+0001 sorts before every printable letter, so "Berg, Zoe" comes before "Bergmann, Anna".
    sortName: `${foldForSort(person.lastName)}\u0001${foldForSort(person.firstName)}`,
    sortOrganisation: foldForSort(person.organisation),
    nameKeysVersion: NAME_KEYS_VERSION,
  };
}
