import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { languageCookie } from "~/modules/i18n/language.server";
import { isLanguage, DEFAULT_LANGUAGE } from "~/modules/i18n/language";
import { safeRedirectPath, readFormData } from "~/utils/http.server";

/** Switches the interface language and goes back to the page the visitor was on. */
export async function action({ request }: ActionFunctionArgs) {
  const form = await readFormData(request);
  const requested = form.get("language");
  const language = isLanguage(requested) ? requested : DEFAULT_LANGUAGE;
  return redirect(safeRedirectPath(form.get("redirectTo")), {
    status: 303,
    headers: { "Set-Cookie": await languageCookie.serialize(language) },
  });
}

export function loader() {
  return redirect("/");
}
