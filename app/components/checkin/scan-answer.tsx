import type { ScanAnswerView } from "~/modules/checkin/answer";
import { formatTime } from "~/modules/i18n/format";
import type { Language } from "~/modules/i18n/language";
import type { Translate } from "~/modules/i18n/messages";

const TONE: Record<ScanAnswerView["result"], "ok" | "warn" | "stop"> = {
  valid: "ok",
  already_checked_in: "warn",
  not_admitted: "stop",
  cancelled_ticket: "stop",
  unknown_code: "stop",
};
const SYMBOL = { ok: "✓", warn: "!", stop: "✕" } as const;

/**
 * The answer to a scan, filling the screen in a colour and symbol of its own (never colour alone), in
 * large type. Tapping it, or "Next", makes the page ready for the next person; it also goes by itself.
 */
export function ScanAnswerPanel({
  answer,
  t,
  language,
  onDismiss,
  answerMs,
}: {
  answer: ScanAnswerView;
  t: Translate;
  language: Language;
  onDismiss?: () => void;
  answerMs?: number;
}) {
  const tone = TONE[answer.result];
  const local = (text: { de: string; en: string | null }) => (language === "en" && text.en ? text.en : text.de);
  return (
    <div
      className={`scan-answer scan-answer--${tone}`}
      role="alert"
      data-result={answer.result}
      data-answer-ms={answerMs === undefined ? undefined : answerMs.toFixed(1)}
      onClick={onDismiss}
    >
      <p className="scan-answer__symbol" aria-hidden="true">
        {SYMBOL[tone]}
      </p>
      <p className="scan-answer__title">{t(`checkin.result.${answer.result}`)}</p>
      {answer.attendee ? (
        <div className="scan-answer__person">
          <p className="scan-answer__name">{answer.attendee.name}</p>
          <p>{answer.attendee.organisation}</p>
          <p>
            {t("checkin.ticket")}: {local(answer.attendee.ticketType)} · {answer.attendee.ticketReference}
          </p>
          {answer.attendee.bookings.length > 0 ? (
            <p>
              {t("checkin.bookings")}: {answer.attendee.bookings.map(local).join(" · ")}
            </p>
          ) : null}
        </div>
      ) : null}
      {answer.reason ? <p className="scan-answer__reason">{t(`checkin.reason.${answer.reason}`)}</p> : null}
      {answer.earlier ? (
        <p className="scan-answer__reason">
          {answer.earlier.by
            ? t("checkin.earlier", { time: formatTime(new Date(answer.earlier.at), language), by: answer.earlier.by })
            : t("checkin.earlierUnknownStaff", { time: formatTime(new Date(answer.earlier.at), language) })}
        </p>
      ) : null}
      {onDismiss ? (
        <button type="button" className="scan-answer__next" onClick={onDismiss}>
          {t("checkin.next")}
        </button>
      ) : null}
    </div>
  );
}
