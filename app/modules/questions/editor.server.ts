import type { Database } from "~/db.server";
import type { Prisma } from "~/generated/prisma/client";
import type { QuestionForm } from "~/modules/events/editor-schema";
import { save, type SaveOutcome } from "~/modules/events/editor.server";
import { FormRefused } from "~/modules/forms/refused.server";
import { SYSTEM_ACTOR, type Actor } from "~/modules/audit/log.server";
import { isChoiceKind } from "./answers";

/**
 * Creating, changing and removing an event's own questions. What people already answered is never lost: a question
 * or choice with answers is only marked removed (it leaves the form, its text stays for the answers), and a
 * question's kind is fixed once it has answers (a number cannot become a choice under existing values).
 */
type Tx = Prisma.TransactionClient;

const answersTo = (tx: Tx, questionId: string) => tx.answer.count({ where: { questionId } });

export function saveQuestion(
  database: Database,
  eventId: string,
  questionId: string | null,
  form: QuestionForm,
  now = new Date(),
  actor: Actor = SYSTEM_ACTOR,
): Promise<SaveOutcome> {
  const { options, ticketTypeIds: requestedTypes, ...fields } = form;
  return save(
    database,
    async (tx, edit) => {
      const ticketTypeIds = [...new Set(requestedTypes)];
      if ((await tx.ticketType.count({ where: { eventId, id: { in: ticketTypeIds } } })) !== ticketTypeIds.length)
        throw new FormRefused({ ticketTypeIds: ["errors.invalidChoice"] });
      const choice = isChoiceKind(fields.kind);
      const kept = options.filter((option) => !option.remove && option.labelDe !== "");
      if (choice && kept.length < 2) throw new FormRefused({ options: ["errors.questionNeedsOptions"] });

      let id = questionId;
      if (!id) id = (await tx.question.create({ data: { ...fields, eventId }, select: { id: true } })).id;
      else {
        const existing = await tx.question.findFirst({ where: { id, eventId, removedAt: null }, select: { kind: true } });
        if (!existing) throw new FormRefused({ form: ["errors.notFound"] });
        if (existing.kind !== fields.kind && (await answersTo(tx, id)) > 0) throw new FormRefused({ kind: ["errors.questionKindHasAnswers"] });
        await tx.question.update({ where: { id }, data: fields });
        await tx.questionTicketType.deleteMany({ where: { questionId: id } });
        edit.changed = [...Object.keys(fields), "ticketTypeIds", "options"];
      }
      for (const ticketTypeId of ticketTypeIds) await tx.questionTicketType.create({ data: { questionId: id, ticketTypeId } });
      await saveOptions(tx, id, choice ? options : options.map((option) => ({ ...option, remove: true })), now);
      return id;
    },
    eventId,
    { actor, action: "question.save", subject: "question" },
  );
}

/** Options by their row: existing ones (by id) are renamed, moved or removed; new rows are added. */
async function saveOptions(tx: Tx, questionId: string, rows: QuestionForm["options"], now: Date) {
  const existing = new Set((await tx.questionOption.findMany({ where: { questionId, removedAt: null }, select: { id: true } })).map((row) => row.id));
  for (const row of rows) {
    const data = { labelDe: row.labelDe, labelEn: row.labelEn, position: row.position };
    if (existing.has(row.key)) {
      if (row.remove || row.labelDe === "") await removeOption(tx, questionId, row.key, now);
      else await tx.questionOption.update({ where: { id: row.key }, data });
    } else if (!row.remove && row.labelDe !== "" && row.key.startsWith("new")) {
      await tx.questionOption.create({ data: { ...data, questionId } });
    }
  }
}

async function removeOption(tx: Tx, questionId: string, optionId: string, now: Date) {
  const answered = await tx.answer.count({ where: { questionId, value: { contains: `,${optionId},` } } });
  if (answered > 0) await tx.questionOption.update({ where: { id: optionId }, data: { removedAt: now } });
  else await tx.questionOption.delete({ where: { id: optionId } });
}

/** Removes a question from the form: deleted when nobody answered it, else marked removed with its answers kept. */
export function removeQuestion(database: Database, eventId: string, questionId: string, now = new Date(), actor: Actor = SYSTEM_ACTOR): Promise<SaveOutcome> {
  return save(
    database,
    async (tx, edit) => {
      const question = await tx.question.findFirst({ where: { id: questionId, eventId, removedAt: null }, select: { id: true } });
      if (!question) throw new FormRefused({ form: ["errors.notFound"] });
      const answered = (await answersTo(tx, questionId)) > 0;
      if (answered) await tx.question.update({ where: { id: questionId }, data: { removedAt: now } });
      else await tx.question.delete({ where: { id: questionId } });
      edit.changed = [answered ? "removed from the form, answers kept" : "deleted"];
      return questionId;
    },
    eventId,
    { actor, action: "question.remove", subject: "question" },
  );
}
