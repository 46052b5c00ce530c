/**
 * The Leitweg-ID routes an e-invoice to a German public body: coarse address (2–12 digits), an optional fine
 * address (up to 30 letters or digits) and two check digits (ISO 7064 MOD 97-10, as in IBANs), joined by hyphens,
 * e.g. "991-33333TEST-33". Checked here so a mistyped one is caught in the form, not by the portal weeks later.
 */
const FORMAT = /^\d{2,12}(-[A-Z0-9]{1,30})?-\d{2}$/;

export function isValidLeitwegId(value: string): boolean {
  const id = value.trim().toUpperCase();
  if (!FORMAT.test(id)) return false;
  const digits = id
    .replace(/-/g, "")
    .split("")
    .map((char) => (/[A-Z]/.test(char) ? String(char.charCodeAt(0) - 55) : char))
    .join("");
  let remainder = 0;
  for (const digit of digits) remainder = (remainder * 10 + Number(digit)) % 97;
  return remainder === 1;
}
