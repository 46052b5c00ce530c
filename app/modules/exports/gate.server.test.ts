import { describe, expect, it } from "vitest";
import { ExportsBusy, takeExportTurn } from "./gate.server";

describe("exports take turns", () => {
  it("produces one export at a time, lets a few wait in order, refuses beyond that, and passes the turn on", async () => {
    const first = await takeExportTurn();
    const order: number[] = [];
    const waiting = Array.from({ length: 12 }, (_, index) => takeExportTurn().then((end) => (order.push(index), end)));
    await expect(takeExportTurn()).rejects.toBeInstanceOf(ExportsBusy);

    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(order).toEqual([]);
    first();
    first(); // ending a turn twice passes it on only once
    const second = await waiting[0]!;
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(order).toEqual([0]);
    second();
    for (const turn of waiting.slice(1)) (await turn)();
    expect(order).toEqual([...Array(12).keys()]);
    // All turns ended: the next export starts at once.
    (await takeExportTurn())();
  });
});
