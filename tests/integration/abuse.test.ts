import { describe, expect, it } from "vitest";
import { FeedbackSchema, sendFeedback } from "~/modules/legal/feedback.server";
import { checkAnswer } from "~/modules/questions/answers";
import { MAIL_BUDGETS, MAIL_WINDOW_MS } from "~/modules/mail/mail-budget.server";
import { selfService } from "~/modules/registration/self-service.server";
import { registerAttendees } from "~/modules/registration/register.server";
import { useTestDatabase } from "../support/database";
import { attendeeValues, createTestEvent, registrationValues } from "../support/factories";

/**
 * What an attacker with a browser or a mail client tried, and what the app now answers (issue 33). Each case failed on
 * the code before its fix.
 */
const database = await useTestDatabase();

describe("mail a public action can cause is bounded per recipient and per sender", () => {
  it("pressing 'resend' 30 times sends the stranger registered as a colleague 2 mails, from any number of addresses", async () => {
    const t = await createTestEvent(database.write);
    const stranger = attendeeValues({ email: `fremd-${Date.now()}@example.org` });
    const outcome = await registerAttendees(
      database,
      t.event.slug,
      registrationValues({ ticketTypeId: t.freeTicket.id, attendees: [attendeeValues(), stranger] }),
    );
    if (!outcome.ok) throw new Error(JSON.stringify(outcome.errors));
    const registration = await database.read.registration.findUniqueOrThrow({ where: { id: outcome.registrationId }, include: { attendees: true } });
    const target = registration.attendees.find((attendee) => attendee.email === stranger.email)!;
    const mailsToStranger = () => database.read.emailOutbox.count({ where: { recipient: stranger.email } });
    const before = await mailsToStranger();
    const now = new Date();
    const answers = [];
    for (let press = 0; press < 30; press++) {
      answers.push(
        await selfService(database, registration.manageToken, { intent: "resend", attendeeId: target.id }, now, { sender: `203.0.113.${press % 5}` }),
      );
    }
    expect(answers.filter((answer) => answer.ok)).toHaveLength(MAIL_BUDGETS.resend.perRecipient);
    expect(answers.at(-1)).toEqual({ ok: false, errors: { form: ["errors.mailLimit:15"] } });
    expect((await mailsToStranger()) - before).toBe(MAIL_BUDGETS.resend.perRecipient);
    // A quarter of an hour later the person may ask again.
    const later = new Date(now.getTime() + MAIL_WINDOW_MS + 1000);
    expect(await selfService(database, registration.manageToken, { intent: "resend", attendeeId: target.id }, later, { sender: "203.0.113.1" })).toMatchObject({
      ok: true,
    });
  });

  it("the accessibility feedback: one sender reaches the contact 3 times, many senders 20 times a quarter hour", async () => {
    const contact = `barrieren-${Date.now()}@example.org`;
    const input = { name: null, email: null, page: null, message: "Der Kontrast ist zu gering." };
    const now = new Date();
    const fromOne = [];
    for (let send = 0; send < 30; send++) fromOne.push(await sendFeedback(database, input, contact, "de", "198.51.100.7", now));
    expect(fromOne.filter((outcome) => outcome.ok)).toHaveLength(MAIL_BUDGETS.feedback.perSender);
    expect(fromOne.at(-1)).toMatchObject({ ok: false, error: "errors.mailLimit:15" });
    const fromMany = [];
    for (let send = 0; send < 30; send++) fromMany.push(await sendFeedback(database, input, contact, "de", `198.51.100.${100 + send}`, now));
    expect(await database.read.emailOutbox.count({ where: { recipient: contact } })).toBe(MAIL_BUDGETS.feedback.perRecipient);
    // Refused feedback is not kept either.
    expect(await database.read.feedback.count({ where: { message: input.message, createdAt: now } })).toBe(MAIL_BUDGETS.feedback.perRecipient);
  });
});

describe("invisible characters are refused next to their field on every form, and nothing is stored", () => {
  it("a name with a right-to-left override, an organisation with a zero-width space, an answer with an isolate", async () => {
    const t = await createTestEvent(database.write);
    const outcome = await registerAttendees(
      database,
      t.event.slug,
      registrationValues({
        ticketTypeId: t.freeTicket.id,
        attendees: [attendeeValues({ lastName: "\u202eGnp.exe", organisation: "Stadt\u200bBürstadt", email: `rlo-${Date.now()}@example.org` })],
      }),
    );
    expect(outcome).toMatchObject({
      ok: false,
      errors: { "attendees[0].lastName": ["errors.invisibleChars"], "attendees[0].organisation": ["errors.invisibleChars"] },
    });
    expect(await database.read.attendee.count({ where: { eventId: t.event.id } })).toBe(0);
  });

  it("feedback that was not UTF-8 (stored as U+FFFD before) is refused with a message", () => {
    const parsed = FeedbackSchema.safeParse({ name: "", email: "", page: "", message: "Kontrast \ufffd\ufffd zu gering" });
    expect(parsed.error?.issues.map((issue) => `${issue.path.join(".")}:${issue.message}`)).toEqual(["message:errors.invisibleChars"]);
  });

  it("an own question's answer with a direction isolate", () => {
    const question = { id: "q1", kind: "text", required: true } as Parameters<typeof checkAnswer>[0];
    expect(checkAnswer(question, ["Kreis \u2067Bergstraße\u2069"])).toEqual({ ok: false, error: "errors.invisibleChars" });
    expect(checkAnswer(question, ["Kreis Bergstraße"])).toEqual({ ok: true, value: "Kreis Bergstraße" });
  });
});

describe("changes on a person's page are saved, their mails bounded", () => {
  it("flipping a workshop 14 times saves every change and mails the person 10 times, then says no mail comes", async () => {
    const t = await createTestEvent(database.write);
    const person = attendeeValues({ email: `wechsel-${Date.now()}@example.org`, choices: { [t.workshopSlot.id]: t.workshopA.id } });
    const outcome = await registerAttendees(database, t.event.slug, registrationValues({ ticketTypeId: t.freeTicket.id, attendees: [person] }));
    if (!outcome.ok) throw new Error(JSON.stringify(outcome.errors));
    const attendee = await database.read.attendee.findFirstOrThrow({ where: { registrationId: outcome.registrationId } });
    const now = new Date();
    const answers = [];
    for (let flip = 0; flip < 14; flip++) {
      const itemId = flip % 2 === 0 ? t.workshopB.id : t.workshopA.id;
      answers.push(
        await selfService(
          database,
          outcome.manageToken,
          { intent: "programme", attendeeId: attendee.id, slotId: t.workshopSlot.id, itemId, waitlistIfFull: false },
          now,
          {
            sender: "203.0.113.9",
          },
        ),
      );
    }
    expect(answers.every((answer) => answer.ok)).toBe(true);
    expect(answers.filter((answer) => answer.ok && answer.mailHeld)).toHaveLength(4);
    expect(await database.read.emailOutbox.count({ where: { attendeeId: attendee.id, kind: "registration_updated" } })).toBe(MAIL_BUDGETS.change.perRecipient);
    // The last change was saved all the same.
    expect(await database.read.booking.findFirst({ where: { attendeeId: attendee.id } })).toMatchObject({ programmeItemId: t.workshopA.id });
  });
});
