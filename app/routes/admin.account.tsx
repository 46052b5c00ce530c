import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { FormErrors, TextField, useFocusOnError } from "~/components/forms";
import { getDatabase } from "~/db.server";
import { fieldErrorsFrom, type FieldErrors } from "~/modules/forms/errors";
import { checkLogin } from "~/modules/staff/login.server";
import { setStaffPassword } from "~/modules/staff/manage.server";
import { ChangePasswordSchema } from "~/modules/staff/schema";
import { audit, staffActor } from "~/modules/audit/log.server";
import { requireStaff, staffSessionId } from "~/modules/staff/session.server";
import { readFormData } from "~/utils/http.server";
import { useT } from "~/modules/i18n/hooks";
import { teamPageMeta } from "~/modules/i18n/meta";
import type { MessageKey } from "~/modules/i18n/messages";

export const meta = teamPageMeta("admin.account.title");

/** Every team member's own account: changing the password. */
export async function loader({ request }: LoaderFunctionArgs) {
  const database = await getDatabase();
  const user = await requireStaff(database, request, ["organiser", "checkin"]);
  return { user };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const database = await getDatabase();
  const user = await requireStaff(database, request, ["organiser", "checkin"]);
  const form = await readFormData(request);
  const parsed = ChangePasswordSchema.safeParse({
    currentPassword: String(form.get("currentPassword") ?? ""),
    newPassword: String(form.get("newPassword") ?? ""),
    confirmPassword: String(form.get("confirmPassword") ?? ""),
  });
  // Passwords are never sent back to the page, right or wrong.
  if (!parsed.success) return data({ errors: fieldErrorsFrom(parsed.error) as FieldErrors }, { status: 400 });
  // The current password is checked like a sign-in, under the same limits: a stolen session cannot guess it.
  const check = await checkLogin(database, user.email, parsed.data.currentPassword, context.clientAddress ?? "unknown");
  if (!check.ok) {
    const errors: FieldErrors =
      check.reason === "invalid"
        ? { currentPassword: ["errors.currentPasswordWrong"] }
        : { form: [check.reason === "busy" ? "admin.loginBusy" : "admin.loginRateLimitedOne"] };
    return data({ errors }, { status: check.reason === "invalid" ? 400 : 429 });
  }
  await setStaffPassword(database, user.id, parsed.data.newPassword, await staffSessionId(request));
  await audit(database, staffActor(user, context.clientAddress), "staff.password_changed", { subject: `staff:${user.id}`, detail: "own password" });
  return redirect("/admin/account?changed=1", 303);
}

const PASSWORD_FIELDS = [
  { name: "currentPassword", label: "admin.account.current", hint: null, autoComplete: "current-password" },
  { name: "newPassword", label: "admin.account.new", hint: "admin.account.newHint", autoComplete: "new-password" },
  { name: "confirmPassword", label: "admin.account.confirm", hint: null, autoComplete: "new-password" },
] as const satisfies readonly { name: string; label: MessageKey; hint: MessageKey | null; autoComplete: string }[];

export default function AccountPage() {
  const { user } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const t = useT();
  const errors = result?.errors ?? {};
  useFocusOnError(result?.errors);
  const first = PASSWORD_FIELDS.map((field) => field.name).find((name) => errors[name]);
  return (
    <>
      <h1>{t("admin.account.title")}</h1>
      <p>{t("admin.account.intro")}</p>
      {params.get("changed") && !result ? (
        <p className="notice notice--confirmed" role="status">
          {t("admin.account.changed")}
        </p>
      ) : null}
      <Form method="post" noValidate className="narrow">
        <FormErrors errors={errors.form} />
        {/* The account's address, for password managers to file the new password under. */}
        <input type="hidden" name="username" autoComplete="username" value={user.email} />
        {PASSWORD_FIELDS.map(({ name, label, hint, autoComplete }) => (
          <TextField
            key={name}
            name={name}
            type="password"
            label={t(label)}
            hint={hint ? t(hint) : undefined}
            autoComplete={autoComplete}
            required
            maxLength={200}
            defaultValue=""
            errors={errors[name]}
            autoFocus={first === name}
          />
        ))}
        <button type="submit" className="button button--primary">
          {t("admin.account.submit")}
        </button>
      </Form>
    </>
  );
}
