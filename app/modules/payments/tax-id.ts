/**
 * An issuer's tax number (Steuernummer, "035 232 12345" or "12/345/67890") or VAT id (USt-IdNr., "DE123456789").
 * A VAT id is an identifier, compared and exchanged without spaces and in capitals; a tax number keeps the form the
 * tax office gave it.
 */
const VAT_ID = /^[A-Z]{2}[0-9A-Z+*.]{2,12}$/;

export function normaliseTaxId(value: string): string {
  const compact = value.replace(/\s+/g, "").toUpperCase();
  return /^[A-Z]{2}/.test(compact) && VAT_ID.test(compact) ? compact : value.trim();
}

export const isVatId = (value: string) => /^[A-Z]{2}/.test(value) && VAT_ID.test(value.replace(/\s+/g, "").toUpperCase());
