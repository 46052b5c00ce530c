import { describe, expect, it } from "vitest";
import { sendFeedback } from "~/modules/legal/feedback.server";
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
