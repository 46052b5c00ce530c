import { describe, expect, it } from "vitest";
import { QuestionFormSchema } from "~/modules/events/editor-schema";
import { removeQuestion, saveQuestion } from "~/modules/questions/editor.server";
import { registerAttendees } from "~/modules/registration/register.server";
import { readRegistrationForm } from "~/modules/registration/schema";
import { updateAttendeeDetails } from "~/modules/registration/changes.server";
import { attendeeCells, attendeesOfList } from "~/modules/exports/attendee-rows.server";
import { chosenColumns } from "~/modules/exports/columns";
import { readAttendeeQuery } from "~/modules/attendees/query";
import { askedOfAttendee, checkPersonAnswers, eventQuestions } from "~/modules/questions/stored.server";
import { useTestDatabase } from "../support/database";
import { attendeeValues, createTestEvent, registrationValues, toFormData } from "../support/factories";

const database = await useTestDatabase();

type QuestionInput = Partial<Record<string, unknown>> & { kind: string; labelDe: string };
const questionForm = (input: QuestionInput) =>
  QuestionFormSchema.parse({
    labelEn: "",
    hintDe: "",
    hintEn: "",
    scope: "attendee",
    position: "1",
    ticketTypeIds: [],
    options: [],
    ...input,
  });

async function addQuestion(eventId: string, input: QuestionInput) {
  const saved = await saveQuestion(database, eventId, null, questionForm(input));
  if (!saved.ok) throw new Error(JSON.stringify(saved.errors));
  return database.read.question.findUniqueOrThrow({ where: { id: saved.id }, include: { options: { orderBy: { position: "asc" } } } });
}

const options = (...labels: string[]) =>
  labels.map((labelDe, index) => ({ key: `new${index}`, labelDe, labelEn: "", position: String(index + 1), remove: false }));

describe("own questions", () => {
  it("are asked with their kinds' rules: required, number, date, one and several choices, per person and per registration", async () => {
    const { event, freeTicket, paidTicket } = await createTestEvent(database.write);
    const kind = await addQuestion(event.id, { kind: "choice", labelDe: "Art der Organisation", required: "on", options: options("Kommune", "Freier Träger") });
    const topics = await addQuestion(event.id, { kind: "choices", labelDe: "Themen", options: options("Wohnen", "Bildung", "Klima") });
    const count = await addQuestion(event.id, { kind: "number", labelDe: "Beschäftigte" });
    const since = await addQuestion(event.id, { kind: "date", labelDe: "Im Quartier seit" });
    const billing = await addQuestion(event.id, { kind: "text", labelDe: "Kostenstelle", scope: "registration", required: "on" });
    // Limited to the paid ticket: not asked (nor required) of the free one.
    await addQuestion(event.id, { kind: "yes_no", labelDe: "Mittagessen", required: "on", ticketTypeIds: [paidTicket.id] });

    const refused = await registerAttendees(
      database,
      event.slug,
      registrationValues({
        ticketTypeId: freeTicket.id,
        answers: { [billing.id]: [""] },
        attendees: [attendeeValues({ answers: { [count.id]: ["zwölf"], [since.id]: ["31.02.2020"], [topics.id]: ["nope"] } })],
      }),
    );
    expect(refused.ok).toBe(false);
    if (refused.ok) return;
    expect(refused.errors).toEqual({
      [`q.${billing.id}`]: ["errors.required"],
      [`attendees[0].q.${kind.id}`]: ["errors.required"],
      [`attendees[0].q.${count.id}`]: ["errors.invalidDecimal"],
      [`attendees[0].q.${since.id}`]: ["errors.invalidDate"],
      [`attendees[0].q.${topics.id}`]: ["errors.invalidChoice"],
    });
    expect(await database.read.registration.count({ where: { eventId: event.id } })).toBe(0);

    // Through the form parser, as the browser sends it (several values of one field for several choices).
    const values = registrationValues({
      ticketTypeId: freeTicket.id,
      answers: { [billing.id]: ["KST 4711"] },
      attendees: [
        attendeeValues({
          answers: {
            [kind.id]: [kind.options[1]!.id],
            [topics.id]: [topics.options[2]!.id, topics.options[0]!.id],
            [count.id]: ["12,5"],
            [since.id]: ["1.3.2020"],
          },
        }),
        attendeeValues({ answers: { [kind.id]: [kind.options[0]!.id] } }),
      ],
    });
    const outcome = await registerAttendees(database, event.slug, readRegistrationForm(toFormData(values)));
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    const answers = await database.read.answer.findMany({ where: { registrationId: outcome.registrationId }, orderBy: { value: "asc" } });
    expect(answers.map((answer) => [answer.questionId, answer.attendeeId === null, answer.value]).sort()).toEqual(
      [
        [billing.id, true, "KST 4711"],
        [kind.id, false, `,${kind.options[1]!.id},`],
        [kind.id, false, `,${kind.options[0]!.id},`],
        [topics.id, false, `,${topics.options[0]!.id},${topics.options[2]!.id},`],
        [count.id, false, "12.5"],
        [since.id, false, "2020-03-01"],
      ].sort(),
    );

    // Every question is a column of the attendee export (ticked by default), its answers as people read them.
    const stored = await eventQuestions(database, event.id);
    const columns = chosenColumns([], stored).filter((column) => column.startsWith("q:"));
    expect(columns).toHaveLength(6);
    const rows: string[][] = [];
    for await (const batch of attendeesOfList(database, event.id, readAttendeeQuery(new URLSearchParams("sort=registered"))))
      for (const person of batch) rows.push(attendeeCells(person, columns, "de", new Map(stored.map((question) => [question.id, question]))).map(String));
    expect(rows[0]).toEqual(["Freier Träger", "Wohnen; Klima", "12,5", "01.03.2020", "KST 4711", ""]);
  });

  it("keep the answers given when a choice or the question is removed, and refuse a change of kind under answers", async () => {
    const { event, freeTicket } = await createTestEvent(database.write);
    const question = await addQuestion(event.id, { kind: "choice", labelDe: "Art", options: options("Kommune", "Träger", "Sonstige") });
    const [kommune, traeger, sonstige] = question.options;
    const outcome = await registerAttendees(
      database,
      event.slug,
      registrationValues({ ticketTypeId: freeTicket.id, attendees: [attendeeValues({ answers: { [question.id]: [kommune!.id] } })] }),
    );
    expect(outcome.ok).toBe(true);

    const rows = (remove: string[]) =>
      [kommune!, traeger!, sonstige!].map((option) => ({
        key: option.id,
        labelDe: option.labelDe,
        labelEn: "",
        position: String(option.position),
        remove: remove.includes(option.id),
      }));
    const changed = await saveQuestion(
      database,
      event.id,
      question.id,
      questionForm({ kind: "choice", labelDe: "Art der Organisation", options: rows([kommune!.id, sonstige!.id]) }),
    );
    expect(changed.ok).toBe(false); // one choice left is no choice
    const saved = await saveQuestion(
      database,
      event.id,
      question.id,
      questionForm({ kind: "choice", labelDe: "Art der Organisation", options: [...rows([kommune!.id]), ...options("Wissenschaft")] }),
    );
    expect(saved.ok).toBe(true);
    const after = await database.read.questionOption.findMany({ where: { questionId: question.id }, orderBy: { position: "asc" } });
    // The answered option stays, marked removed; the others are renamed or added.
    expect(after.map((option) => [option.labelDe, option.removedAt !== null])).toEqual([
      ["Kommune", true],
      ["Wissenschaft", false],
      ["Träger", false],
      ["Sonstige", false],
    ]);

    const kindChange = await saveQuestion(database, event.id, question.id, questionForm({ kind: "text", labelDe: "Art" }));
    expect(kindChange).toEqual({ ok: false, errors: { kind: ["errors.questionKindHasAnswers"] } });

    expect((await removeQuestion(database, event.id, question.id)).ok).toBe(true);
    expect((await database.read.question.findUniqueOrThrow({ where: { id: question.id } })).removedAt).not.toBeNull();
    expect(await database.read.answer.count({ where: { questionId: question.id } })).toBe(1);
    // A question nobody answered is simply deleted.
    const unanswered = await addQuestion(event.id, { kind: "text", labelDe: "Frei" });
    expect((await removeQuestion(database, event.id, unanswered.id)).ok).toBe(true);
    expect(await database.read.question.findUnique({ where: { id: unanswered.id } })).toBeNull();
  });

  it("are corrected with the person's details: the form's questions replace their answers, others stay", async () => {
    const { event, freeTicket } = await createTestEvent(database.write);
    const size = await addQuestion(event.id, { kind: "number", labelDe: "Beschäftigte", required: "on" });
    const outcome = await registerAttendees(
      database,
      event.slug,
      registrationValues({ ticketTypeId: freeTicket.id, attendees: [attendeeValues({ answers: { [size.id]: ["12"] } })] }),
    );
    if (!outcome.ok) throw new Error("not registered");
    const person = await database.read.attendee.findFirstOrThrow({ where: { registrationId: outcome.registrationId } });
    const asked = await askedOfAttendee(database, person, "de");
    expect(asked.values).toEqual({ [size.id]: ["12"] });
    expect(checkPersonAnswers(asked.questions, { [size.id]: [""] }).errors).toEqual({ [`q.${size.id}`]: ["errors.required"] });
    const checked = checkPersonAnswers(asked.questions, { [size.id]: ["7,5"] });
    const details = { ...person, jobFunction: undefined, phone: undefined, dietaryNeeds: undefined, accessibilityNeeds: undefined, needsConsent: false };
    const saved = await updateAttendeeDetails(database, person.id, details, { answers: { questionIds: [size.id], values: checked.answers } });
    expect(saved.ok).toBe(true);
    expect((await database.read.answer.findMany({ where: { attendeeId: person.id } })).map((answer) => answer.value)).toEqual(["7.5"]);
  });
});
