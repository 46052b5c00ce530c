import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, Links, Meta, Outlet, Scripts, ScrollRestoration, isRouteErrorResponse, useLocation, useParams, useRouteError } from "@remix-run/react";
import type { ReactNode } from "react";
import stylesheet from "~/styles/app.css?url";
import { useNonce } from "~/components/nonce";
import { getLanguage } from "~/modules/i18n/language.server";
import { DEFAULT_LANGUAGE } from "~/modules/i18n/language";
import { translator } from "~/modules/i18n/messages";
import { useLanguage } from "~/modules/i18n/hooks";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesheet },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

/** The title of pages without their own, error pages among them. */
export const meta: MetaFunction<typeof loader> = ({ data, error }) => {
  const t = translator(data?.language ?? DEFAULT_LANGUAGE);
  if (!error) return [{ title: t("site.name") }];
  const notFound = isRouteErrorResponse(error) && error.status === 404;
  return [{ title: `${notFound ? t("error.notFound") : t("error.title")} – ${t("site.name")}` }];
};

export async function loader({ request }: LoaderFunctionArgs) {
  return { language: await getLanguage(request) };
}

export function Layout({ children }: { children: ReactNode }) {
  const language = useLanguage();
  const t = translator(language);
  const location = useLocation();
  const nonce = useNonce();
  const other = language === "de" ? "en" : "de";
  return (
    <html lang={language}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="color-scheme" content="light" />
        <Meta />
        <Links />
      </head>
      <body>
        <a className="skip-link" href="#main">
          {t("site.skipToContent")}
        </a>
        <header className="site-header">
          <div className="container site-header__inner">
            <Link to="/" className="site-name">
              {t("site.name")}
            </Link>
            <Form method="post" action="/language" className="language-switch">
              <input type="hidden" name="language" value={other} />
              <input type="hidden" name="redirectTo" value={location.pathname + location.search} />
              <button type="submit" className="link-button" lang={other} aria-label={t("site.switchToLabel")}>
                {t("site.switchTo")}
              </button>
            </Form>
          </div>
        </header>
        <main id="main" tabIndex={-1} className="container">
          {children}
        </main>
        <footer className="site-footer">
          <div className="container">
            <p>{t("site.footer")}</p>
            <LegalLinks />
          </div>
        </footer>
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

/**
 * The legal pages on every page, and the self-service ones. On an event's pages they point at that event's own
 * texts (an event whose organiser differs has its own imprint and privacy notice); elsewhere the installation's.
 */
function LegalLinks() {
  const language = useLanguage();
  const t = translator(language);
  const { slug } = useParams();
  const query = slug ? `?event=${encodeURIComponent(slug)}` : "";
  const links: [string, string][] = [
    [`/impressum${query}`, t("legal.imprint")],
    [`/datenschutz${query}`, t("legal.privacy")],
    [`/barrierefreiheit${query}`, t("legal.accessibility")],
    [`/leichte-sprache${query}`, t("legal.easy_language")],
    ["/manage-link", t("lostLink.link")],
    ["/verify", t("verify.title")],
  ];
  return (
    <nav aria-label={t("site.footerNav")}>
      <ul className="footer-links">
        {links.map(([href, label]) => (
          <li key={href}>
            <a href={href}>{label}</a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

export default function App() {
  return <Outlet />;
}

export function ErrorBoundary() {
  const error = useRouteError();
  const t = translator(useLanguage());
  const status = isRouteErrorResponse(error) ? error.status : 500;
  // Answers such as 404 and 403 are the app working as meant; only real failures are logged.
  if (status >= 500) console.error(error);
  const [title, text] =
    status === 404
      ? (["error.notFound", "error.notFoundText"] as const)
      : status === 403
        ? (["error.forbidden", "error.forbiddenText"] as const)
        : status >= 400 && status < 500
          ? (["error.badRequest", "error.badRequestText"] as const)
          : (["error.title", "error.generic"] as const);
  return (
    <section className="error-page">
      <h1>{t(title)}</h1>
      <p>{t(text)}</p>
      <p>
        <Link to="/">{t("error.home")}</Link>
      </p>
    </section>
  );
}
