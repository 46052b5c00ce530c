import { fallbackLang, localized, type Language } from "~/modules/i18n/language";
import type { FormQuestion, QuestionKind, QuestionScope } from "~/modules/questions/answers";
import { isBookable, registrationWindow, seatsLeft, ticketTypeOnSale, type CatalogueQuestion, type EventCatalogue } from "./catalogue.server";

/** The event's own questions in the visitor's language, as the form asks them and the server checks them. */
export function formQuestions(questions: CatalogueQuestion[], language: Language): FormQuestion[] {
  return questions.map((question) => ({
    id: question.id,
    kind: question.kind as QuestionKind,
    label: localized(language, question.labelDe, question.labelEn),
    labelLang: fallbackLang(language, question.labelEn),
    hint: question.hintDe ? localized(language, question.hintDe, question.hintEn) : null,
    required: question.required,
    scope: question.scope as QuestionScope,
    ticketTypeIds: question.ticketTypes.map((row) => row.ticketTypeId),
    options: question.options.map((option) => ({ id: option.id, label: localized(language, option.labelDe, option.labelEn) })),
  }));
}

/** The event in the visitor's language, as the public pages show it: plain data, nothing private. */
export function eventView(event: EventCatalogue, language: Language, now: Date) {
  // Numbered in their order (1, 2, …) whatever positions the organisers typed.
  const fields = new Map(
    event.fieldsOfAction.map((field, index) => [
      field.id,
      { position: index + 1, colour: field.colour, name: localized(language, field.nameDe, field.nameEn) },
    ]),
  );
  return {
    slug: event.slug,
    title: localized(language, event.titleDe, event.titleEn),
    titleLang: fallbackLang(language, event.titleEn),
    description: localized(language, event.descriptionDe, event.descriptionEn),
    descriptionLang: fallbackLang(language, event.descriptionEn),
    venueName: event.venueName,
    venueAddress: event.venueAddress,
    startsAt: event.startsAt,
    endsAt: event.endsAt,
    registrationOpensAt: event.registrationOpensAt,
    registrationClosesAt: event.registrationClosesAt,
    window: registrationWindow(event, now),
    seatsLeft: seatsLeft(event),
    organiserName: event.organiserName,
    organiserEmail: event.organiserEmail,
    privacyNotice: localized(language, event.privacyNoticeDe, event.privacyNoticeEn),
    refundRule: { rule: event.refundRule, until: event.refundUntil, feeCents: event.cancellationFeeCents },
    fieldsOfAction: [...fields.values()],
    questions: formQuestions(event.questions, language),
    ticketTypes: event.ticketTypes
      .filter((type) => ticketTypeOnSale(type, now))
      .map((type) => ({
        id: type.id,
        name: localized(language, type.nameDe, type.nameEn),
        description: type.descriptionDe ? localized(language, type.descriptionDe, type.descriptionEn) : null,
        priceCents: type.priceCents,
        requiresApproval: type.requiresApproval,
        seatsLeft: seatsLeft(type),
      })),
    slots: event.slots.map((slot) => ({
      id: slot.id,
      label: localized(language, slot.labelDe, slot.labelEn),
      startsAt: slot.startsAt,
      endsAt: slot.endsAt,
      // An item called off is no longer shown or offered; the people booked on it were told.
      items: slot.items
        .filter((item) => item.cancelledAt === null)
        .map((item) => ({
          id: item.id,
          kind: item.kind,
          bookable: isBookable(item),
          title: localized(language, item.titleDe, item.titleEn),
          titleLang: fallbackLang(language, item.titleEn),
          description: item.descriptionDe ? localized(language, item.descriptionDe, item.descriptionEn) : null,
          descriptionLang: fallbackLang(language, item.descriptionEn),
          startsAt: item.startsAt,
          endsAt: item.endsAt,
          room: item.room,
          speakers: item.speakers,
          fieldOfAction: item.fieldOfActionId ? (fields.get(item.fieldOfActionId) ?? null) : null,
          municipality: item.municipality,
          meetingPoint: item.meetingPoint,
          departureAt: item.departureAt,
          returnAt: item.returnAt,
          capacity: item.capacity,
          seatsLeft: seatsLeft(item),
        })),
    })),
  };
}

export type EventView = ReturnType<typeof eventView>;
export type SlotView = EventView["slots"][number];
export type ItemView = SlotView["items"][number];
