import type { Request, Response } from "express";

/**
 * A readable answer for requests refused before they reach the app (too large, wrong method, wrong
 * content type, another site's form). The app's language is not known yet at that point, so the page
 * says it in German and English. Tiny and self-contained: no stylesheet, no script.
 */
export type Refusal = { status: number; de: [title: string, text: string]; en: [title: string, text: string] };

export const REFUSALS = {
  tooLarge: {
    status: 413,
    de: ["Anfrage zu groß", "Die gesendeten Daten sind größer, als dieses Formular annimmt. Bitte kürzen Sie Ihre Eingaben und senden Sie erneut."],
    en: ["Request too large", "The data sent is larger than this form accepts. Please shorten your entries and send them again."],
  },
  lengthRequired: {
    status: 411,
    de: ["Länge fehlt", "Die Anfrage nennt ihre Länge nicht. Bitte senden Sie das Formular aus dem Browser."],
    en: ["Length required", "The request does not state its length. Please send the form from a browser."],
  },
  unsupportedType: {
    status: 415,
    de: ["Format nicht unterstützt", "Diese Seite nimmt nur Formulare an, wie ein Browser sie sendet."],
    en: ["Unsupported format", "This page only accepts forms as a browser sends them."],
  },
  methodNotAllowed: {
    status: 405,
    de: ["Nicht erlaubt", "Diese Adresse lässt sich nur aufrufen oder mit einem Formular senden."],
    en: ["Not allowed", "This address can only be opened or sent a form."],
  },
  foreignHost: {
    status: 400,
    de: ["Anfrage abgelehnt", "Die Anfrage nennt eine andere Adresse als diese Website. Bitte öffnen Sie die Seite direkt."],
    en: ["Request refused", "The request names another address than this website. Please open the page directly."],
  },
  crossSite: {
    status: 403,
    de: ["Anfrage abgelehnt", "Das Formular kam von einer anderen Website. Bitte öffnen Sie die Seite direkt und senden Sie es dort."],
    en: ["Request refused", "The form came from another website. Please open the page directly and send it there."],
  },
} satisfies Record<string, Refusal>;

const escape = (text: string) => text.replace(/[&<>"]/g, (character) => `&#${character.charCodeAt(0)};`);

export function refusalHtml(refusal: Refusal): string {
  const [titleDe, textDe] = refusal.de;
  const [titleEn, textEn] = refusal.en;
  return `<!doctype html>
<html lang="de"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(titleDe)} – Kongress</title>
<style>body{font:1.125rem/1.5 system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a}h1{font-size:1.5rem}a{color:#0b4f8a}</style></head>
<body><main><h1>${escape(titleDe)}</h1><p>${escape(textDe)}</p>
<section lang="en"><h2>${escape(titleEn)}</h2><p>${escape(textEn)}</p></section>
<p><a href="/">Zur Startseite</a> · <a href="/" lang="en">Home page</a></p></main></body></html>`;
}

/**
 * Sends the refusal. A body that was not read (a 50 MB upload) is read on and thrown away, not kept:
 * closing the connection at once would make the client's network stack reset it before the client had
 * read the answer. A client that keeps sending for longer than DRAIN_LIMIT_MS is cut off.
 */
const DRAIN_LIMIT_MS = 10_000;

export function sendRefusal(request: Request, response: Response, refusal: Refusal, headers: Record<string, string> = {}) {
  response.status(refusal.status);
  response.set({
    "Content-Type": "text/html; charset=utf-8",
    "Cache-Control": "no-store",
    // A page of its own without scripts: its inline style is all it needs.
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    ...headers,
  });
  response.end(refusalHtml(refusal));
  if (!request.complete) {
    const cutOff = setTimeout(() => request.socket.destroy(), DRAIN_LIMIT_MS);
    cutOff.unref();
    request.once("end", () => clearTimeout(cutOff));
    request.once("close", () => clearTimeout(cutOff));
    request.resume();
  }
}
