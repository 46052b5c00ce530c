import type { ScanAnswerView } from "~/modules/checkin/answer";
import { formatTime } from "~/modules/i18n/format";
import { useLanguage, useT } from "~/modules/i18n/hooks";

const TONE: Record<ScanAnswerView["result"], "ok" | "warn" | "stop"> = {
  valid: "ok",
  already_checked_in: "warn",
  not_admitted: "stop",
  cancelled_ticket: "stop",
  unknown_code: "stop",
};
const SYMBOL = { ok: "✓", warn: "!", stop: "✕" } as const;

/**
 * The answer to a scan, filling the screen in a colour, symbol and pattern of its own (never colour
 * alone: a warning must never be read as a success), in type that shrinks with the screen and scrolls
 * when it must (small phones, landscape, 200 % zoom). Tapping it, or "Next", makes the page ready for the
 * next person; it also goes by itself unless held (`onHold`, WCAG 2.2.1).
 */
export function ScanAnswerPanel({
  answer,
  onDismiss,
  onHold,
  held = false,
  answerMs,
}: {
  answer: ScanAnswerView;
  onDismiss?: () => void;
  /** Keeps the answer on screen until "Next"; absent where the answer does not go by itself. */
  onHold?: () => void;
  held?: boolean;
  answerMs?: number;
}) {
  const t = useT();
  const language = useLanguage();
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
      <div className="scan-answer__content">
        <p className="scan-answer__symbol" aria-hidden="true">
          {SYMBOL[tone]}
        </p>
        <p className="scan-answer__title">{t(`checkin.result.${answer.result}`)}</p>
        {answer.offline ? <p className="scan-answer__offline">{t("checkin.offlineChecked")}</p> : null}
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
        {onDismiss || onHold ? (
          <div className="scan-answer__actions">
            {onDismiss ? (
              <button type="button" className="scan-answer__next" onClick={onDismiss}>
                {t("checkin.next")}
              </button>
            ) : null}
            {onHold && !held ? (
              <button
                type="button"
                className="scan-answer__hold"
                onClick={(click) => {
                  // Holding must not also dismiss (the panel itself dismisses on a tap).
                  click.stopPropagation();
                  onHold();
                }}
              >
                {t("checkin.hold")}
              </button>
            ) : null}
            {held ? <p className="scan-answer__held">{t("checkin.held")}</p> : null}
          </div>
        ) : null}
      </div>
    </div>
  );
}
