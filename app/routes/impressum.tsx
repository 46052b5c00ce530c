import type { MetaFunction } from "@remix-run/node";
import { LegalPage } from "~/components/legal-page";
import { useT } from "~/modules/i18n/hooks";
import { pageTitle } from "~/modules/i18n/meta";
import { legalPageLoader } from "~/modules/legal/page.server";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "legal.imprint") }];
export const loader = legalPageLoader("imprint");

export default function Page() {
  const t = useT();
  return <LegalPage title={t("legal.imprint")} />;
}
