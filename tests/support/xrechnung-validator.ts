import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { XMLParser } from "fast-xml-parser";

/**
 * The official XRechnung rules, run on what the app writes: the CII D16B schema (xmllint), the CEN EN 16931
 * business rules for CII (validation artefacts 1.3.15) and the KoSIT XRechnung schematron 2.5.0 (XRechnung
 * 3.0.2), the last two by Saxon-HE, as German public bodies' portals run them. The artefacts are the
 * workplace's (`../shared/tools/xrechnung`, KONGRESS_XRECHNUNG_TOOLS elsewhere), not the project's;
 * scripts/ensure-xrechnung-validator.sh installs Java, Saxon and xmllint. One Saxon run per rule set checks a
 * whole folder, so a JVM starts twice for every document of a test, not twice per document.
 */
const run = promisify(execFile);

export const XRECHNUNG_TOOLS = path.resolve(process.env.KONGRESS_XRECHNUNG_TOOLS ?? path.join(__dirname, "../../../shared/tools/xrechnung"));
const SAXON_JAR = "/usr/share/java/Saxon-HE.jar";
const SCHEMA = path.join(XRECHNUNG_TOOLS, "en/cii/schema/D16B SCRDM (Subset)/uncoupled clm/CII/uncefact/data/standard/CrossIndustryInvoice_100pD16B.xsd");
const RULE_SETS = {
  en16931: path.join(XRECHNUNG_TOOLS, "en/cii/xslt/EN16931-CII-validation.xslt"),
  xrechnung: path.join(XRECHNUNG_TOOLS, "xr-cii.xsl"),
};

/** Why the official rules cannot run here, or null when they can. */
export function validatorMissing(): string | null {
  if (!existsSync(RULE_SETS.xrechnung) || !existsSync(SCHEMA)) return `no XRechnung validation artefacts at ${XRECHNUNG_TOOLS}`;
  if (!existsSync(SAXON_JAR)) return "Saxon-HE is not installed (scripts/ensure-xrechnung-validator.sh)";
  return null;
}

export type Finding = { ruleSet: "schema" | keyof typeof RULE_SETS; id: string; flag: string; text: string };
export type Verdict = { fatal: Finding[]; warnings: Finding[] };

/** Validates each named document; returns the findings per name, fatal ones (errors) apart from warnings. */
export async function validateXRechnung(documents: Record<string, string>): Promise<Record<string, Verdict>> {
  const missing = validatorMissing();
  if (missing) throw new Error(missing);
  const work = mkdtempSync(path.join(tmpdir(), "xrechnung-"));
  try {
    const input = path.join(work, "in");
    const names = Object.keys(documents);
    await run("mkdir", ["-p", input, path.join(work, "en16931"), path.join(work, "xrechnung")]);
    names.forEach((name, index) => writeFileSync(path.join(input, `${index}.xml`), documents[name]!));
    const verdicts: Record<string, Verdict> = Object.fromEntries(names.map((name) => [name, { fatal: [], warnings: [] }]));

    const files = names.map((_, index) => path.join(input, `${index}.xml`));
    const schemaRun = run("xmllint", ["--noout", "--schema", SCHEMA, ...files], { maxBuffer: 16 * 1024 * 1024 }).then(
      (result) => result.stderr,
      (error: { stderr?: string }) => error.stderr ?? String(error),
    );
    await Promise.all([
      schemaRun.then((stderr) => {
        for (const line of stderr.split("\n")) {
          const match = /\/in\/(\d+)\.xml:\d+: (.*)$/.exec(line);
          if (match) verdicts[names[Number(match[1])]!]!.fatal.push({ ruleSet: "schema", id: "XSD", flag: "fatal", text: match[2]! });
        }
      }),
      ...Object.entries(RULE_SETS).map(([ruleSet, stylesheet]) =>
        run("java", ["-cp", SAXON_JAR, "net.sf.saxon.Transform", `-s:${input}`, `-xsl:${stylesheet}`, `-o:${path.join(work, ruleSet)}`], {
          maxBuffer: 16 * 1024 * 1024,
        }),
      ),
    ]);

    const parser = new XMLParser({
      ignoreAttributes: false,
      removeNSPrefix: true,
      isArray: (name) => name === "failed-assert" || name === "successful-report",
    });
    for (const ruleSet of Object.keys(RULE_SETS) as (keyof typeof RULE_SETS)[]) {
      const produced = new Set(readdirSync(path.join(work, ruleSet)));
      names.forEach((name, index) => {
        if (!produced.has(`${index}.xml`)) throw new Error(`${ruleSet} rules did not run on ${name}`);
        const report = parser.parse(readFileSync(path.join(work, ruleSet, `${index}.xml`), "utf8"))["schematron-output"];
        for (const finding of [...(report["failed-assert"] ?? []), ...(report["successful-report"] ?? [])]) {
          const flag = String(finding["@_flag"] ?? finding["@_role"] ?? "fatal").toLowerCase();
          const text = String(typeof finding.text === "object" ? (finding.text["#text"] ?? "") : finding.text).replace(/\s+/g, " ");
          const entry = { ruleSet, id: String(finding["@_id"]), flag, text };
          (flag === "fatal" || flag === "error" ? verdicts[name]!.fatal : verdicts[name]!.warnings).push(entry);
        }
      });
    }
    return verdicts;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
