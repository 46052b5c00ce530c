import { describe, expect, it } from "vitest";
import { AUDIT_ACTIONS } from "~/modules/audit/actions";
import { cancelProgrammeItem, saveTicketType } from "~/modules/events/editor.server";
import { copyEvent, deleteDraftEvent, setArchived } from "~/modules/events/lifecycle.server";
import { MESSAGES } from "~/modules/i18n/messages";
import { useTestDatabase } from "../support/database";
import { createTestEvent } from "../support/factories";

/**
 * Edits of events, prices and the programme, and an event's copy, deletion and archiving, are in the audit log with
 * who did them and which fields changed (issue 33: they were not logged at all); the log page names each action for
 * people, in both languages.
 */
const database = await useTestDatabase();
const ORGANISER = { id: null, name: "Orga Nisatorin", address: "192.0.2.10" };

const entries = (subject: string) => database.read.auditEntry.findMany({ where: { subject: { contains: subject } }, orderBy: { at: "asc" } });

describe("the audit log records the office's edits", () => {
  it("a price change, a cancelled item, a copy, archiving and deleting a draft, each with who and what", async () => {
    const t = await createTestEvent(database.write);
    const saved = await saveTicketType(
      database,
      t.event.id,
      t.paidTicket.id,
      {
        nameDe: "Regulär",
        nameEn: null,
        descriptionDe: null,
        descriptionEn: null,
        price: 9900,
        capacity: null,
        salesStartAt: null,
        salesEndAt: null,
        requiresApproval: false,
        active: true,
        sortOrder: 2,
      },
      ORGANISER,
    );
    expect(saved.ok).toBe(true);
    expect((await entries(`ticket_type:${t.paidTicket.id}`)).map((entry) => [entry.action, entry.actorName, entry.detail, entry.address])).toEqual([
      ["ticket_type.save", "Orga Nisatorin", "changed: priceCents", "192.0.2.10"],
    ]);

    expect(await cancelProgrammeItem(database, t.event.id, t.workshopB.id, new Date(), ORGANISER)).toMatchObject({ ok: true });
    expect((await entries(`item:${t.workshopB.id}`)).map((entry) => entry.action)).toEqual(["programme.cancel"]);

    const copy = await copyEvent(
      database,
      t.event.id,
      { slug: `kopie-${Date.now()}`, startsAt: new Date("2028-05-16T07:00:00Z"), titleDe: "Kopie", titleEn: null },
      ORGANISER,
    );
    if (!copy.ok) throw new Error(JSON.stringify(copy.errors));
    expect((await entries(`event:${copy.id}`)).map((entry) => [entry.action, entry.detail])).toEqual([["event.copy", `changed: copy of event:${t.event.id}`]]);

    await database.write.event.update({
      where: { id: t.event.id },
      data: { startsAt: new Date("2026-01-10T08:00:00Z"), endsAt: new Date("2026-01-10T16:00:00Z") },
    });
    expect(await setArchived(database, t.event.id, true, new Date(), ORGANISER)).toEqual({ ok: true });
    await database.write.event.update({ where: { id: copy.id }, data: { status: "draft" } });
    expect(await deleteDraftEvent(database, copy.id, ORGANISER)).toEqual({ ok: true });
    expect((await entries(`event:${t.event.id}`)).map((entry) => entry.action)).toContain("event.archive");
    expect((await entries(`event:${copy.id}`)).map((entry) => entry.action)).toEqual(["event.copy", "event.delete"]);
  });

  it("names every action for people, in German and English", () => {
    for (const action of AUDIT_ACTIONS) {
      const key = `audit.actionLabel.${action}` as keyof typeof MESSAGES.de;
      expect(MESSAGES.de[key], action).toBeTruthy();
      expect(MESSAGES.en[key as keyof typeof MESSAGES.en], action).toBeTruthy();
    }
  });
});
