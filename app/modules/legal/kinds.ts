/** The kinds of legal text and their public addresses; shared by server and browser. */
export const LEGAL_KINDS = ["imprint", "privacy", "accessibility", "easy_language"] as const;
export type LegalKind = (typeof LEGAL_KINDS)[number];
export const isLegalKind = (value: unknown): value is LegalKind => typeof value === "string" && (LEGAL_KINDS as readonly string[]).includes(value);

export const LEGAL_PATHS: Record<LegalKind, string> = {
  imprint: "/impressum",
  privacy: "/datenschutz",
  accessibility: "/barrierefreiheit",
  easy_language: "/leichte-sprache",
};

export const CONFORMITY = ["full", "partial", "none"] as const;
