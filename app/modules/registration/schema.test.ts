import { describe, expect, it } from "vitest";
import { readRegistrationForm, validateRegistration } from "./schema";
import { fieldName } from "~/modules/forms/errors";

function form(entries: [string, string][]) {
  const data = new FormData();
  for (const [name, value] of entries) data.append(name, value);
  return data;
}

describe("readRegistrationForm", () => {
  it("reads attendees in order, renumbering gaps left by a removed person, and keeps every value as typed", () => {
    const values = readRegistrationForm(
      form([
        ["ticketTypeId", "t1"],
        ["contactEmail", " Kontakt@Kommune.example "],
        ["privacyConsent", "on"],
        ["attendees[3].firstName", "Zweite"],
        ["attendees[0].firstName", "Erste"],
        ["attendees[0].slot.s1", "w1"],
        ["attendees[0].slot.s2", ""],
      ]),
    );
    expect(values.contactEmail).toBe(" Kontakt@Kommune.example ");
    expect(values.privacyConsent).toBe(true);
    expect(values.waitlistIfFull).toBe(false);
    expect(values.attendees.map((a) => a.firstName)).toEqual(["Erste", "Zweite"]);
    expect(values.attendees[0]!.choices).toEqual({ s1: "w1" });
  });

  it("drops no person whatever their index, so that too many people are reported, not cut off", () => {
    const values = readRegistrationForm(
      form([
        ["attendees[0].firstName", "Erste"],
        ["attendees[150].firstName", "Spät"],
        ["attendees[99999].firstName", "Ganz spät"],
      ]),
    );
    expect(values.attendees.map((a) => a.firstName)).toEqual(["Erste", "Spät", "Ganz spät"]);
    const eleven = readRegistrationForm(form(Array.from({ length: 11 }, (_, i): [string, string] => [`attendees[${i * 20}].firstName`, `P${i}`])));
    expect(validateRegistration(eleven)).toMatchObject({ ok: false, errors: { form: ["errors.tooManyAttendees:10"] } });
  });

  it("keeps at most a thousand characters of any value to show it again", () => {
    const values = readRegistrationForm(
      form([
        ["contactEmail", "a".repeat(50_000)],
        ["attendees[0].lastName", "ö".repeat(5_000)],
      ]),
    );
    expect(values.contactEmail).toHaveLength(1000);
    expect(values.attendees[0]!.lastName).toHaveLength(1000);
    expect(validateRegistration(values)).toMatchObject({ ok: false, errors: { "attendees[0].lastName": ["errors.tooLong:100"] } });
  });

  it("keeps a second value for one slot so the clash is reported instead of silently dropped", () => {
    const values = readRegistrationForm(
      form([
        ["attendees[0].slot.s1", "w1"],
        ["attendees[0].slot.s1", "w2"],
      ]),
    );
    expect(Object.values(values.attendees[0]!.choices)).toEqual(["w1", "w2"]);
  });
});

describe("validateRegistration", () => {
  it("trims, lower-cases emails and reports errors under the form's field names", () => {
    const values = readRegistrationForm(
      form([
        ["ticketTypeId", "t1"],
        ["contactEmail", "Kontakt@Kommune.example"],
        ["attendees[0].firstName", "  Ana  "],
        ["attendees[0].lastName", ""],
        ["attendees[0].email", "ana@kommune.example"],
        ["attendees[0].organisation", "Stadt"],
      ]),
    );
    const result = validateRegistration(values);
    expect(result).toEqual({
      ok: false,
      errors: { "attendees[0].lastName": ["errors.required"], privacyConsent: ["errors.consentRequired"] },
    });
  });

  it("names nested fields the way the form does", () => {
    expect(fieldName(["attendees", 2, "email"])).toBe("attendees[2].email");
    expect(fieldName(["attendees", 0, "itemIds", 1])).toBe("attendees[0].programme");
    expect(fieldName([])).toBe("form");
  });
});
