import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { FormErrors, TextField, useFocusOnError } from "~/components/forms";
import { getDatabase } from "~/db.server";
import { fieldErrorsFrom, type FieldErrors } from "~/modules/forms/errors";
import { checkLogin } from "~/modules/staff/login.server";
import { setStaffPassword } from "~/modules/staff/manage.server";
import { ChangePasswordSchema } from "~/modules/staff/schema";
import { requireStaff, staffSessionId } from "~/modules/staff/session.server";
import { readFormData } from "~/utils/http.server";
import { useT } from "~/modules/i18n/hooks";
import { teamPageMeta } from "~/modules/i18n/meta";

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
  return redirect("/admin/account?changed=1", 303);
}

export default function AccountPage() {
  const { user } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const t = useT();
  const errors = result?.errors ?? {};
  useFocusOnError(result?.errors);
  const first = ["currentPassword", "newPassword", "confirmPassword"].find((name) => errors[name]);
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
        <TextField
          name="currentPassword"
          type="password"
          label={t("admin.account.current")}
          autoComplete="current-password"
          required
          maxLength={200}
          defaultValue=""
          errors={errors.currentPassword}
          autoFocus={first === "currentPassword"}
        />
        <TextField
          name="newPassword"
          type="password"
          label={t("admin.account.new")}
          hint={t("admin.account.newHint")}
          autoComplete="new-password"
          required
          maxLength={200}
          defaultValue=""
          errors={errors.newPassword}
          autoFocus={first === "newPassword"}
        />
        <TextField
          name="confirmPassword"
          type="password"
          label={t("admin.account.confirm")}
          autoComplete="new-password"
          required
          maxLength={200}
          defaultValue=""
          errors={errors.confirmPassword}
          autoFocus={first === "confirmPassword"}
        />
        <button type="submit" className="button button--primary">
          {t("admin.account.submit")}
        </button>
      </Form>
    </>
  );
}
