import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { LegalBody } from "./legal-page";

describe("legal texts as the organisers write them", () => {
  it("turns '## ' lines into headings with the lines under them as their paragraph, and escapes everything", () => {
    const body = "Einleitung.\n\n## Kontakt\nTelefon: 0611\nE-Mail: a@b.example\n\n<script>alert(1)</script>";
    expect(renderToStaticMarkup(createElement(LegalBody, { body, lang: "de" }))).toBe(
      '<div class="legal-text" lang="de"><p class="pre-line">Einleitung.</p><h2>Kontakt</h2><p class="pre-line">Telefon: 0611\nE-Mail: a@b.example</p><p class="pre-line">&lt;script&gt;alert(1)&lt;/script&gt;</p></div>',
    );
  });
});
