import { textError } from "~/modules/forms/text";

/**
 * Organisers' own questions as the registration form asks them, and the one check of an answer, shared by the
 * server and the browser (the registration schema calls it). Errors are message keys, like every form's.
 */
export const QUESTION_KINDS = ["text", "long_text", "number", "yes_no", "choice", "choices", "date"] as const;
export type QuestionKind = (typeof QUESTION_KINDS)[number];
export const QUESTION_SCOPES = ["attendee", "registration"] as const;
export type QuestionScope = (typeof QUESTION_SCOPES)[number];

export const isChoiceKind = (kind: string) => kind === "choice" || kind === "choices";

/** A question in the visitor's language, as the form shows it. */
export type FormQuestion = {
  id: string;
  kind: QuestionKind;
  label: string;
  labelLang: string | undefined;
  hint: string | null;
  required: boolean;
  scope: QuestionScope;
  /** Empty: asked for every ticket type. */
  ticketTypeIds: string[];
  options: { id: string; label: string }[];
};

/** The most an answer may be: one line, a long text, the choices of a several-of question. */
export const ANSWER_LIMITS = { text: 300, long_text: 2000, choices: 50 } as const;

/** What the form sends per question: every value of the field, as typed. */
export type AnswerValues = Record<string, string[]>;

export const questionFieldName = (questionId: string, attendeeIndex?: number) =>
  attendeeIndex === undefined ? `q.${questionId}` : `attendees[${attendeeIndex}].q.${questionId}`;

export const appliesTo = (question: Pick<FormQuestion, "ticketTypeIds">, ticketTypeId: string) =>
  question.ticketTypeIds.length === 0 || question.ticketTypeIds.includes(ticketTypeId);

const GERMAN_DATE = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A date as typed ("2027-05-16" from a date field, "16.5.2027" where the browser shows a text field) as YYYY-MM-DD. */
export function normaliseDate(typed: string): string | null {
  const german = GERMAN_DATE.exec(typed);
  const iso = ISO_DATE.exec(typed);
  const [year, month, day] = german ? [german[3], german[2], german[1]] : iso ? [iso[1], iso[2], iso[3]] : [];
  if (!year || !month || !day) return null;
  const date = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
  if (date.getUTCFullYear() !== Number(year) || date.getUTCMonth() !== Number(month) - 1 || date.getUTCDate() !== Number(day)) return null;
  return date.toISOString().slice(0, 10);
}

/**
 * One answer checked: the value to store (null when left empty) or the error to show beside the field.
 * Numbers are typed the German way ("12,5") or with a dot and stored with a dot; choices must be the
 * question's own options.
 */
export function checkAnswer(question: FormQuestion, given: string[]): { ok: true; value: string | null } | { ok: false; error: string } {
  const values = given.map((value) => value.trim()).filter(Boolean);
  const empty = values.length === 0;
  if (empty) return question.required ? { ok: false, error: "errors.required" } : { ok: true, value: null };
  const first = values[0]!;
  switch (question.kind) {
    case "text":
      if (first.length > ANSWER_LIMITS.text) return { ok: false, error: `errors.tooLong:${ANSWER_LIMITS.text}` };
      return textError(first, false) ? { ok: false, error: textError(first, false)! } : { ok: true, value: first };
    case "long_text":
      if (first.length > ANSWER_LIMITS.long_text) return { ok: false, error: `errors.tooLong:${ANSWER_LIMITS.long_text}` };
      return textError(first, true) ? { ok: false, error: textError(first, true)! } : { ok: true, value: first };
    case "number":
      if (!/^-?\d{1,9}([.,]\d{1,4})?$/.test(first)) return { ok: false, error: "errors.invalidDecimal" };
      return { ok: true, value: String(Number(first.replace(",", "."))) };
    case "yes_no":
      return first === "yes" || first === "no" ? { ok: true, value: first } : { ok: false, error: "errors.invalidChoice" };
    case "date": {
      const date = normaliseDate(first);
      return date ? { ok: true, value: date } : { ok: false, error: "errors.invalidDate" };
    }
    case "choice":
    case "choices": {
      const chosen = [...new Set(values)];
      if (question.kind === "choice" && chosen.length > 1) return { ok: false, error: "errors.oneChoiceOnly" };
      if (chosen.length > ANSWER_LIMITS.choices || chosen.some((id) => !question.options.some((option) => option.id === id)))
        return { ok: false, error: "errors.invalidChoice" };
      // Stored in the question's own order, between commas: ",a,b," (see Answer in prisma/schema.prisma).
      const ordered = question.options.filter((option) => chosen.includes(option.id)).map((option) => option.id);
      return { ok: true, value: `,${ordered.join(",")},` };
    }
  }
}

/** The option ids a stored choice answer holds. */
export const chosenOptionIds = (value: string) => value.split(",").filter(Boolean);

/**
 * Checks every question that applies to the chosen ticket type, for the registration and for each person.
 * Returns the values to store and the errors under the fields' names.
 */
export function checkAnswers(
  questions: FormQuestion[],
  ticketTypeId: string,
  registrationAnswers: AnswerValues,
  attendeeAnswers: AnswerValues[],
): { errors: Record<string, string[]>; registration: Map<string, string>; attendees: Map<string, string>[] } {
  const errors: Record<string, string[]> = {};
  const applying = questions.filter((question) => appliesTo(question, ticketTypeId));
  const collect = (scope: QuestionScope, given: AnswerValues, attendeeIndex?: number) => {
    const answers = new Map<string, string>();
    for (const question of applying) {
      if (question.scope !== scope) continue;
      const checked = checkAnswer(question, given[question.id] ?? []);
      if (!checked.ok) errors[questionFieldName(question.id, attendeeIndex)] = [checked.error];
      else if (checked.value !== null) answers.set(question.id, checked.value);
    }
    return answers;
  };
  const registration = collect("registration", registrationAnswers);
  const attendees = attendeeAnswers.map((given, index) => collect("attendee", given, index));
  return { errors, registration, attendees };
}

/** The most question fields read from one form (per person and for the registration): more are ignored. */
export const MAX_QUESTION_FIELDS = 60;

/** Adds one field's value to what the form sent, within the limits above. */
export function addAnswerValue(answers: AnswerValues, questionId: string, value: string) {
  const existing = answers[questionId];
  if (existing) {
    if (existing.length < ANSWER_LIMITS.choices + 1) existing.push(value);
    return;
  }
  if (Object.keys(answers).length >= MAX_QUESTION_FIELDS) return;
  answers[questionId] = [value];
}
