import { Form } from "@remix-run/react";
import { ConfirmCheckbox } from "~/components/forms";
import { useT } from "~/modules/i18n/hooks";

/**
 * Cancelling one person or the whole registration: a tick box that must confirm it, then the button. Works
 * without JavaScript; a missing tick comes back as an error next to the box.
 */
export function CancelForm({
  intent,
  idPrefix,
  label,
  errors,
}: {
  intent: "cancel" | "cancelAll";
  idPrefix: string;
  label: string;
  errors: string[] | undefined;
}) {
  const t = useT();
  return (
    <Form method="post">
      <input type="hidden" name="intent" value={intent} />
      <ConfirmCheckbox name="confirm" label={label} errors={errors} idPrefix={`${intent}-${idPrefix}`} />
      <button type="submit" className="button button--danger">
        {t("manage.cancelSubmit")}
      </button>
    </Form>
  );
}
