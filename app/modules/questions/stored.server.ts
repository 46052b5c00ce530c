import type { Database } from "~/db.server";
import { Prisma } from "~/generated/prisma/client";
import { formatShortDate } from "~/modules/i18n/format";
import { localized, type Language } from "~/modules/i18n/language";
import { translator } from "~/modules/i18n/messages";
import { formQuestions } from "~/modules/events/view.server";
import { ASKED_QUESTIONS, type CatalogueQuestion } from "~/modules/events/catalogue.server";
import type { FieldErrors } from "~/modules/forms/errors";
import { addAnswerValue, appliesTo, checkAnswer, chosenOptionIds, isChoiceKind, questionFieldName, type AnswerValues, type FormQuestion } from "./answers";

/**
 * Answers as stored, read back for people: the attendee detail, the list's filter, every export, the Art. 15 data
 * and the funding report. Questions and choices removed later are included, so what someone answered keeps its text.
 */
type Reader = Pick<Database, "read">;

export type StoredQuestion = {
  id: string;
  kind: string;
  labelDe: string;
  labelEn: string | null;
  scope: string;
  inReport: boolean;
  removedAt: Date | null;
  options: { id: string; labelDe: string; labelEn: string | null; removedAt: Date | null }[];
};

export function eventQuestions(database: Reader, eventId: string, { withRemoved = true } = {}): Promise<StoredQuestion[]> {
  return database.read.question.findMany({
    where: { eventId, ...(withRemoved ? {} : { removedAt: null }) },
    orderBy: [{ removedAt: "asc" }, { position: "asc" }, { createdAt: "asc" }],
    select: {
      id: true,
      kind: true,
      labelDe: true,
      labelEn: true,
      scope: true,
      inReport: true,
      removedAt: true,
      options: { orderBy: [{ position: "asc" }, { labelDe: "asc" }], select: { id: true, labelDe: true, labelEn: true, removedAt: true } },
    },
  });
}

/** A stored value as text in the reader's language: choices by their labels, yes/no, a German date or number. */
export function answerText(question: StoredQuestion, value: string, language: Language): string {
  const t = translator(language);
  switch (question.kind) {
    case "choice":
    case "choices":
      return chosenOptionIds(value)
        .map((id) => question.options.find((option) => option.id === id))
        .flatMap((option) => (option ? [localized(language, option.labelDe, option.labelEn)] : []))
        .join("; ");
    case "yes_no":
      return value === "yes" ? t("admin.yes") : t("admin.no");
    case "date":
      return formatShortDate(new Date(`${value}T12:00:00Z`), language);
    case "number":
      return language === "de" ? value.replace(".", ",") : value;
    default:
      return value;
  }
}

export const questionLabel = (question: StoredQuestion, language: Language) => localized(language, question.labelDe, question.labelEn);

/**
 * Every answer that concerns these attendees, per attendee: their own, and their registration's (asked once for
 * the group, shown on each of its people). Two plain queries over the ids.
 */
export async function answersOfAttendees(database: Reader, people: { id: string; registrationId: string }[]): Promise<Map<string, Map<string, string>>> {
  const result = new Map<string, Map<string, string>>(people.map((person) => [person.id, new Map()]));
  if (people.length === 0) return result;
  const registrationIds = [...new Set(people.map((person) => person.registrationId))];
  const [own, shared] = await Promise.all([
    database.read.$queryRaw<{ attendeeId: string; questionId: string; value: string }[]>`
      SELECT "attendeeId", "questionId", "value" FROM "Answer" WHERE "attendeeId" IN (${Prisma.join(people.map((person) => person.id))})`,
    database.read.$queryRaw<{ registrationId: string; questionId: string; value: string }[]>`
      SELECT "registrationId", "questionId", "value" FROM "Answer" WHERE "attendeeId" IS NULL AND "registrationId" IN (${Prisma.join(registrationIds)})`,
  ]);
  for (const row of own) result.get(row.attendeeId)?.set(row.questionId, row.value);
  const byRegistration = new Map<string, { questionId: string; value: string }[]>();
  for (const row of shared) {
    const rows = byRegistration.get(row.registrationId);
    if (rows) rows.push(row);
    else byRegistration.set(row.registrationId, [row]);
  }
  for (const person of people) {
    for (const row of byRegistration.get(person.registrationId) ?? []) result.get(person.id)?.set(row.questionId, row.value);
  }
  return result;
}

/** The answers of one attendee as label and text, in the questions' order. */
export async function answersForPerson(
  database: Reader,
  person: { id: string; registrationId: string; eventId: string },
  language: Language,
): Promise<{ question: string; answer: string; removed: boolean }[]> {
  const [questions, answers] = await Promise.all([eventQuestions(database, person.eventId), answersOfAttendees(database, [person])]);
  const given = answers.get(person.id) ?? new Map<string, string>();
  return questions.flatMap((question) => {
    const value = given.get(question.id);
    return value === undefined
      ? []
      : [{ question: questionLabel(question, language), answer: answerText(question, value, language), removed: question.removedAt !== null }];
  });
}

/**
 * The questions asked of this attendee (per person, still on the form, for their ticket type) and their answers as
 * form values: what the details forms of the attendee page and the manage page show and change.
 */
export async function askedOfAttendee(
  database: Reader,
  attendee: { id: string; eventId: string; ticketTypeId: string },
  language: Language,
): Promise<{ questions: FormQuestion[]; values: AnswerValues }> {
  const [rows, answers] = await Promise.all([
    database.read.question.findMany({ ...ASKED_QUESTIONS, where: { ...ASKED_QUESTIONS.where, eventId: attendee.eventId } }),
    database.read.answer.findMany({ where: { attendeeId: attendee.id }, select: { questionId: true, value: true } }),
  ]);
  return askedOf(rows, { ...attendee, answers }, language);
}

/** The same from what is already loaded: the event's asked questions (as in its catalogue) and the attendee's answers. */
export function askedOf(
  asked: CatalogueQuestion[],
  attendee: { ticketTypeId: string; answers: { questionId: string; value: string }[] },
  language: Language,
): { questions: FormQuestion[]; values: AnswerValues } {
  const perAttendee = asked.filter((question) => question.scope === "attendee");
  const questions = formQuestions(perAttendee, language).filter((question) => appliesTo(question, attendee.ticketTypeId));
  const values: AnswerValues = {};
  for (const answer of attendee.answers) {
    const question = questions.find((candidate) => candidate.id === answer.questionId);
    if (question) values[question.id] = isChoiceKind(question.kind) ? chosenOptionIds(answer.value) : [answer.value];
  }
  return { questions, values };
}

/** What a details form sent for the questions: `q.<id>` fields, within the same limits as the registration form. */
export function readAnswerFields(form: FormData): AnswerValues {
  const values: AnswerValues = {};
  for (const [name, value] of form.entries()) {
    if (name.startsWith("q.") && typeof value === "string") addAnswerValue(values, name.slice(2, 66), value.slice(0, 2100));
  }
  return values;
}

/** The details form's answers checked: values to store, or errors under `q.<id>`. */
export function checkPersonAnswers(questions: FormQuestion[], given: AnswerValues): { errors: FieldErrors; answers: Map<string, string> } {
  const errors: FieldErrors = {};
  const answers = new Map<string, string>();
  for (const question of questions) {
    const checked = checkAnswer(question, given[question.id] ?? []);
    if (!checked.ok) errors[questionFieldName(question.id)] = [checked.error];
    else if (checked.value !== null) answers.set(question.id, checked.value);
  }
  return { errors, answers };
}
