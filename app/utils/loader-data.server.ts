import type { EntryContext } from "@remix-run/node";

type StreamCache = NonNullable<NonNullable<EntryContext["renderMeta"]>["streamCache"]>;

/** The loaders' data did not finish encoding in time (a promise that never settles, say). */
export class LoaderDataTimeout extends Error {
  constructor(ms: number) {
    super(`the page's data was not ready within ${ms} ms`);
  }
}

/**
 * Reads the page's encoded loader data (Remix single fetch's `serverHandoffStream`) to its end and hands it to
 * Remix's `<StreamTransfer>` as already read, so that it writes the data into the page as one inline script in the
 * same render instead of suspending for each piece of the stream.
 *
 * This uses the component's own cache (`renderMeta.streamCache`, part of `EntryContext`'s type): the entry for
 * piece 0, marked `done`, makes it render the data and the stream's end at once, exactly what it renders after
 * reading the stream piece by piece (tests in loader-data.server.test.ts and the e2e suite's hydration).
 */
export async function inlineLoaderData(context: EntryContext, deadlineMs: number): Promise<void> {
  const stream = context.serverHandoffStream;
  if (!stream) return;
  const reader = stream.getReader();
  const decoder = new TextDecoder();
  let text = "";
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new LoaderDataTimeout(deadlineMs)), deadlineMs);
  });
  try {
    for (;;) {
      const { done, value } = await Promise.race([reader.read(), deadline]);
      if (done) break;
      text += decoder.decode(value, { stream: true });
    }
    text += decoder.decode();
  } catch (error) {
    await reader.cancel(error).catch(() => undefined);
    throw error;
  } finally {
    clearTimeout(timer);
    // Remix's server component asks the (now finished) stream for a reader of its own.
    reader.releaseLock();
  }
  const read = Object.assign(Promise.resolve(), { result: { done: true, value: text } });
  context.renderMeta ??= {};
  context.renderMeta.streamCache = { 0: read } satisfies StreamCache;
}
