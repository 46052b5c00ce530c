/**
 * `npm run bench:questions`: what the organisers' own questions cost, on one production server and database.
 *
 * 1. The registration rush on two events side by side: one without questions, one with ten (one-of choices of 7 and
 *    27 options, several-of, yes/no, number, date, text, long text per person; a text and a choice per registration),
 *    every submission answering all of them as the no-JavaScript form sends it. Rounds alternate (A, B, A, B, …) so the
 *    machine's noise falls on both; printed per round and as the ratio of the totals.
 * 2. The funding report of 10,000 attendees (demo congress, both demo questions answered, half checked in): the page,
 *    its XLSX and PDF, beside the attendee list's CSV export of the same people as the run's own yardstick.
 *
 * Options (environment): BENCH_REQUESTS (per round, default 500), BENCH_ROUNDS (4 of each), BENCH_CONNECTIONS (50), BENCH_ATTENDEES (10000),
 * BENCH_PORT (3297).
 *
 * BENCH_INSTRUCTIONS=1 runs the server in valgrind's callgrind and also counts the instructions each form's
 * registrations cost (instructions.ts): a figure the machine's noise does not move. The server is some fifty times
 * slower there, so the defaults become 150 submissions per round, 2 rounds, 10 connections, and the report is left out.
 */
import { Agent, request } from "undici";
import { openDatabase } from "../../app/db.server";
import { newId } from "../../app/modules/db/insert.server";
import { registerAttendees } from "../../app/modules/registration/register.server";
import { seedDemoCongress } from "../../prisma/demo-congress";
import { createRushEvent, rush, type RushSetup } from "./rush";
import { liftLimits } from "./crowd";
import { instructionsSoFar } from "./instructions";
import { BENCH_ORGANISER, onScratchDatabase, percentile, processCpuMs, signIn } from "./server";

const COUNT_INSTRUCTIONS = process.env.BENCH_INSTRUCTIONS === "1";
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? (COUNT_INSTRUCTIONS ? 150 : 500));
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? (COUNT_INSTRUCTIONS ? 2 : 4));
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? (COUNT_INSTRUCTIONS ? 10 : 50));
const ATTENDEES = Number(process.env.BENCH_ATTENDEES ?? 10_000);
const PORT = Number(process.env.BENCH_PORT ?? 3297);
const BASE = `http://127.0.0.1:${PORT}`;

type Asked = { id: string; kind: string; scope: string; options: string[] };

async function main() {
  await onScratchDatabase(async ({ databaseUrl, serve }) => {
    const plain = await createRushEvent(databaseUrl, "rush");
    const asking = await createRushEvent(databaseUrl, "rush-questions");
    const questions = await addTenQuestions(databaseUrl, asking.eventId);
    const report = COUNT_INSTRUCTIONS ? undefined : await registerCrowd(databaseUrl);
    const server = await serve(PORT, { underCallgrind: COUNT_INSTRUCTIONS });

    console.log(`\nOwn questions: registration rush, ${REQUESTS} submissions per round, ${CONNECTIONS} connections, rounds alternating`);
    const agent = new Agent({ connections: CONNECTIONS, pipelining: 1, keepAliveTimeout: 60_000 });
    const answer = answersFor(questions);
    const target = (setup: RushSetup, slug: string, withAnswers: boolean, offset: number, amount: number) =>
      rush(agent, `${BASE}/events/${slug}/register`, setup, amount, CONNECTIONS, offset, withAnswers ? answer : undefined);
    // Warm-up, so the rounds measure optimised code: under callgrind enough for V8's optimising compiler to have run.
    const warmUp = COUNT_INSTRUCTIONS ? 300 : CONNECTIONS * 4;
    await target(plain, "rush", false, 1_000_000, warmUp);
    await target(asking, "rush-questions", true, 1_000_000, warmUp);
    const totals = {
      plain: { ok: 0, ms: 0, cpuMs: 0, instructions: 0, latencies: [] as number[] },
      asking: { ok: 0, ms: 0, cpuMs: 0, instructions: 0, latencies: [] as number[] },
    };
    for (let round = 0; round < ROUNDS; round++) {
      for (const [name, setup, slug, withAnswers] of [
        ["plain", plain, "rush", false],
        ["asking", asking, "rush-questions", true],
      ] as const) {
        const cpuBefore = processCpuMs(server.pid!);
        const instructionsBefore = COUNT_INSTRUCTIONS ? instructionsSoFar(server.pid!) : 0;
        const result = await target(setup, slug, withAnswers, round * REQUESTS, REQUESTS);
        const cpuMs = processCpuMs(server.pid!) - cpuBefore;
        const instructions = COUNT_INSTRUCTIONS ? instructionsSoFar(server.pid!) - instructionsBefore : 0;
        totals[name].instructions += instructions;
        const ok = result.statuses.get(303) ?? 0;
        const sorted = [...result.latencies].sort((a, b) => a - b);
        totals[name].ok += ok;
        totals[name].ms += result.durationMs;
        totals[name].cpuMs += cpuMs;
        totals[name].latencies.push(...result.latencies);
        console.log(
          `  round ${round + 1}, ${name === "plain" ? "no questions " : "ten questions"}: ${(ok / (result.durationMs / 1000)).toFixed(0).padStart(5)} registrations/s   p50 ${percentile(sorted, 50).toFixed(0)} ms, p95 ${percentile(sorted, 95).toFixed(0)} ms   server CPU ${(cpuMs / ok).toFixed(2)} ms each${COUNT_INSTRUCTIONS ? `, ${(instructions / ok / 1e6).toFixed(2)} M instructions each` : ""}   (${ok} of ${REQUESTS} accepted)`,
        );
      }
    }
    await agent.close();
    const rate = (total: { ok: number; ms: number }) => total.ok / (total.ms / 1000);
    const p95 = (values: number[]) =>
      percentile(
        [...values].sort((a, b) => a - b),
        95,
      ).toFixed(0);
    console.log(
      `  total: no questions ${rate(totals.plain).toFixed(0)}/s (p95 ${p95(totals.plain.latencies)} ms), ten questions ${rate(totals.asking).toFixed(0)}/s (p95 ${p95(totals.asking.latencies)} ms): ${((rate(totals.asking) / rate(totals.plain)) * 100).toFixed(0)} % (target ≥ 90 %)`,
    );
    const cpuEach = (total: { ok: number; cpuMs: number }) => total.cpuMs / total.ok;
    console.log(
      `  server CPU per registration: no questions ${cpuEach(totals.plain).toFixed(2)} ms, ten questions ${cpuEach(totals.asking).toFixed(2)} ms: the plain form's cost is ${((cpuEach(totals.plain) / cpuEach(totals.asking)) * 100).toFixed(0)} % of the asking form's (the rate ratio where CPU is the limit)`,
    );
    if (COUNT_INSTRUCTIONS) {
      const perRegistration = (total: { ok: number; instructions: number }) => total.instructions / total.ok;
      console.log(
        `  server instructions per registration (callgrind): no questions ${(perRegistration(totals.plain) / 1e6).toFixed(2)} M, ten questions ${(perRegistration(totals.asking) / 1e6).toFixed(2)} M: the plain form's cost is ${((perRegistration(totals.plain) / perRegistration(totals.asking)) * 100).toFixed(1)} % of the asking form's`,
      );
    }
    const database = await openDatabase(databaseUrl);
    const stored = await database.read.answer.count({ where: { question: { eventId: asking.eventId } } });
    const registrations = await database.read.registration.count({ where: { eventId: asking.eventId } });
    await database.close();
    console.log(`  answers stored: ${stored} for ${registrations} registrations with ten questions`);

    if (!report) return;
    console.log(`\nFunding report of ${ATTENDEES} attendees (${report.checkedIn} checked in), from request to last byte:`);
    const cookie = await signIn(BASE, BENCH_ORGANISER);
    for (const [label, path] of [
      ["report page (HTML)", `/admin/events/${report.eventId}/report`],
      ["report page, again", `/admin/events/${report.eventId}/report`],
      ["report page, again", `/admin/events/${report.eventId}/report`],
      ["report XLSX", `/admin/events/${report.eventId}/report/xlsx?event=${report.eventId}`],
      ["report PDF", `/admin/events/${report.eventId}/report/pdf?event=${report.eventId}`],
      ["yardstick: attendee CSV", `/admin/attendees/export?event=${report.eventId}&format=csv`],
      // Answers are indexed by registration, not by question (decision 019): a filter by answer reads them all.
      ["attendee list, all", `/admin/attendees?event=${report.eventId}`],
      ["list by an answer", `/admin/attendees?event=${report.eventId}&answer=${report.answerFilter}`],
    ] as const) {
      const sent = performance.now();
      const response = await request(`${BASE}${path}`, { headers: { cookie } });
      let bytes = 0;
      for await (const chunk of response.body) bytes += (chunk as Buffer).length;
      console.log(
        `  ${label.padEnd(24)} ${response.statusCode}  ${((performance.now() - sent) / 1000).toFixed(2)} s  ${(bytes / 1024).toFixed(0)} KB   (target < 2 s)`,
      );
    }
  });
}

/** Ten questions of every kind on the event, and their options' ids. */
async function addTenQuestions(databaseUrl: string, eventId: string): Promise<Asked[]> {
  const database = await openDatabase(databaseUrl);
  try {
    const specs: { kind: string; scope?: string; options?: number }[] = [
      { kind: "choice", options: 7 },
      { kind: "choice", options: 27 },
      { kind: "choices", options: 5 },
      { kind: "yes_no" },
      { kind: "number" },
      { kind: "date" },
      { kind: "text" },
      { kind: "long_text" },
      { kind: "text", scope: "registration" },
      { kind: "choice", scope: "registration", options: 4 },
    ];
    const asked: Asked[] = [];
    for (const [index, spec] of specs.entries()) {
      const question = await database.write.question.create({
        data: {
          eventId,
          kind: spec.kind,
          labelDe: `Frage ${index + 1}`,
          required: true,
          scope: spec.scope ?? "attendee",
          position: index + 1,
          options: { create: Array.from({ length: spec.options ?? 0 }, (_, option) => ({ labelDe: `Antwort ${option + 1}`, position: option + 1 })) },
        },
        include: { options: true },
      });
      asked.push({ id: question.id, kind: question.kind, scope: question.scope, options: question.options.map((option) => option.id) });
    }
    return asked;
  } finally {
    await database.close();
  }
}

/** Every question answered, as a browser sends the fields. */
function answersFor(questions: Asked[]) {
  return (form: URLSearchParams, people: number) => {
    for (const question of questions) {
      const names = question.scope === "registration" ? [`q.${question.id}`] : Array.from({ length: people }, (_, p) => `attendees[${p}].q.${question.id}`);
      for (const name of names) {
        if (question.kind === "choices") for (const option of question.options.slice(0, 2)) form.append(name, option);
        else
          form.set(
            name,
            question.kind === "choice"
              ? question.options[names.indexOf(name) % question.options.length]!
              : question.kind === "yes_no"
                ? "yes"
                : question.kind === "number"
                  ? "12,5"
                  : question.kind === "date"
                    ? "2020-03-01"
                    : question.kind === "long_text"
                      ? "Quartiersarbeit seit 2019,\nmit Schwerpunkt Wohnen."
                      : "Kostenstelle 4711",
          );
      }
    }
  };
}

/** ATTENDEES people on the demo congress, ten per registration, both demo questions answered, every second checked in. */
async function registerCrowd(databaseUrl: string) {
  const database = await openDatabase(databaseUrl);
  try {
    await seedDemoCongress(database.write);
    const event = await database.read.event.findFirstOrThrow({
      where: { slug: "fachkongress-quartiersentwicklung" },
      include: {
        ticketTypes: { where: { priceCents: 0 } },
        slots: { include: { items: true } },
        questions: { include: { options: true } },
        checkInLists: { where: { programmeItemId: null } },
      },
    });
    await liftLimits(database, event.id, { items: true });
    const bookable = event.slots
      .map((slot) => slot.items.filter((item) => item.kind === "workshop" || item.kind === "site_visit"))
      .filter((items) => items.length > 0);
    for (let n = 0; n < ATTENDEES / 10; n++) {
      const attendees = Array.from({ length: 10 }, (_, p) => {
        const i = n * 10 + p;
        return {
          firstName: "Jörg",
          lastName: `Weiß ${i}`,
          email: `person${i}@kommune.example`,
          organisation: "Kreis Bergstraße",
          jobFunction: "",
          phone: "",
          dietaryNeeds: "",
          accessibilityNeeds: "",
          needsConsent: false,
          choices: Object.fromEntries(bookable.map((items) => [items[0]!.slotId, items[i % items.length]!.id])),
          answers: Object.fromEntries(event.questions.map((question) => [question.id, [question.options[(i * 7) % question.options.length]!.id]])),
        };
      });
      const outcome = await registerAttendees(database, event.slug, {
        ticketTypeId: event.ticketTypes[0]!.id,
        contactEmail: `kontakt${n}@kommune.example`,
        language: "de",
        invoiceAddress: "",
        waitlistIfFull: true,
        privacyConsent: true,
        website: "",
        attendees,
      });
      if (!outcome.ok) throw new Error(`registration ${n} refused: ${JSON.stringify(outcome.errors)}`);
    }
    const people = await database.read.attendee.findMany({ where: { eventId: event.id }, select: { id: true }, orderBy: { id: "asc" } });
    const list = event.checkInLists[0]!;
    const checkedIn = people.filter((_, index) => index % 2 === 0);
    for (let start = 0; start < checkedIn.length; start += 500) {
      await database.write.checkIn.createMany({
        data: checkedIn.slice(start, start + 500).map((person) => ({
          checkInListId: list.id,
          attendeeId: person.id,
          scanId: newId(),
          scannedCode: "bench",
          result: "valid" as const,
          activeKey: `${list.id}:${person.id}`,
        })),
      });
    }
    await database.write.emailOutbox.updateMany({ data: { status: "sent", sentAt: new Date() } });
    const asked = event.questions.find((question) => question.options.length > 0)!;
    return { eventId: event.id, checkedIn: checkedIn.length, answerFilter: `${asked.id}:${asked.options[0]!.id}` };
  } finally {
    await database.close();
  }
}

await main();
