import { data, type ActionFunctionArgs } from "@remix-run/node";
import { Form, useActionData } from "@remix-run/react";
import { z } from "zod";
import { TextField, useFocusOnError } from "~/components/forms";
import { getDatabase } from "~/db.server";
import { fieldErrorsFrom, type FieldErrors } from "~/modules/forms/errors";
import { useT } from "~/modules/i18n/hooks";
import { teamPageMeta } from "~/modules/i18n/meta";
import { requestManageLinks } from "~/modules/registration/self-service.server";
import { readFormData } from "~/utils/http.server";

/**
 * "Lost the link?": the manage links held by an address are mailed to it. The answer is the same whether
 * or not the address is registered (no account enumeration), and at most one link mail per address goes
 * out every ten minutes.
 */
export const meta = teamPageMeta("lostLink.title");

const LostLinkSchema = z.object({
  email: z.string().trim().min(1, "errors.required").max(254, "errors.tooLong:254").pipe(z.email("errors.invalidEmail")),
});

export async function action({ request }: ActionFunctionArgs) {
  const form = await readFormData(request);
  const email = String(form.get("email") ?? "").slice(0, 1000);
  const parsed = LostLinkSchema.safeParse({ email });
  if (!parsed.success) return data({ email, sent: false, errors: fieldErrorsFrom(parsed.error) as FieldErrors }, { status: 400 });
  await requestManageLinks(await getDatabase(), parsed.data.email);
  return { email: parsed.data.email, sent: true, errors: {} as FieldErrors };
}

export default function LostLinkPage() {
  const result = useActionData<typeof action>();
  const t = useT();
  useFocusOnError(result?.errors);
  return (
    <section className="narrow">
      <h1>{t("lostLink.title")}</h1>
      {result?.sent ? (
        <p className="notice notice--confirmed" role="status">
          {t("lostLink.sent", { email: result.email })}
        </p>
      ) : (
        <>
          <p>{t("lostLink.intro")}</p>
          <Form method="post" noValidate>
            <TextField
              name="email"
              label={t("lostLink.email")}
              type="email"
              autoComplete="email"
              required
              defaultValue={result?.email ?? ""}
              errors={result?.errors.email}
              autoFocus={Boolean(result?.errors.email)}
            />
            <button type="submit" className="button button--primary">
              {t("lostLink.submit")}
            </button>
          </Form>
        </>
      )}
    </section>
  );
}
