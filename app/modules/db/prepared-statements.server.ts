import pg from "pg";

/**
 * PostgreSQL connections that prepare the statements an instance runs again and again.
 *
 * Prisma's pg adapter sends every statement unnamed, so PostgreSQL parses and plans it anew on every execution. A
 * named statement is parsed and planned once per connection; later executions only bind and run it. Measured on the
 * confirmation page's eight reads (one connection, 24,000 reads): 0.255 → 0.094 ms of PostgreSQL's CPU per statement,
 * 396 → 185 µs per round trip (docs/decisions/022-prepared-statements-on-postgresql.md).
 *
 * What keeps it bounded:
 * - a statement is named from its second sighting in the pool on: text built for one request (an organiser's search
 *   with a list of its own) is not kept by the server for nothing;
 * - a connection prepares at most `perConnection` statements; what comes later runs unnamed as before (after a schema
 *   change, below, it starts counting again: the statements it prepared before stay on the server, unused, until the
 *   connection closes);
 * - the pool remembers at most `remembered` texts.
 *
 * A schema change under a running instance: PostgreSQL re-plans a prepared statement by itself, but refuses one
 * whose result columns changed (`SELECT *` of a table that gained a column: "cached plan must not change result
 * type"). The connection then forgets its names and runs the statement again unnamed; inside a transaction the
 * transaction has failed already, and only that one fails.
 */
export type PreparingLimits = { perConnection: number; remembered: number };

const DEFAULT_LIMITS: PreparingLimits = { perConnection: 100, remembered: 2000 };

type QueryConfig = { text: string; name?: string; submit?: unknown };

const isPlainQuery = (config: unknown): config is QueryConfig =>
  typeof config === "object" && config !== null && typeof (config as QueryConfig).text === "string" && (config as QueryConfig).submit === undefined;

/** SQLSTATE 0A000 with this message: a prepared statement whose result columns changed since it was prepared. */
const isStalePlan = (error: unknown) =>
  error instanceof Error && (error as { code?: string }).code === "0A000" && error.message.includes("cached plan must not change result type");

/** A `pg.Client` class for `new pg.Pool({ Client })`; its connections share what the pool has seen. */
export function preparingClient(limits: PreparingLimits = DEFAULT_LIMITS): typeof pg.Client {
  const sightings = new Map<string, number>();
  const names = new Map<string, string>();

  /** The statement's name in this pool, once it has been seen twice; undefined while it has not or no room is left. */
  function nameOf(text: string): string | undefined {
    const known = names.get(text);
    if (known || names.size >= limits.remembered) return known;
    const seen = (sightings.get(text) ?? 0) + 1;
    if (seen < 2) {
      // Texts seen once are forgotten wholesale when too many pile up: they are the ones that do not come back.
      if (sightings.size >= limits.remembered) sightings.clear();
      sightings.set(text, seen);
      return undefined;
    }
    sightings.delete(text);
    const name = `kongress_${names.size}`;
    names.set(text, name);
    return name;
  }

  return class PreparingClient extends pg.Client {
    #prepared = new Set<string>();
    // Names of statements prepared before a schema change are not used again on this connection: new ones are.
    #generation = 0;

    // pg's Client.query has a dozen overloads (callback or promise, text or config, submittables); this forwards
    // whatever it is given and changes only plain query configs, so it is typed as loosely as they are.
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    override query(config: any, values?: any, callback?: any): any {
      const name = isPlainQuery(config) && config.name === undefined ? this.#nameFor(config.text) : undefined;
      if (name === undefined) return super.query(config, values, callback);
      if (typeof values === "function") [callback, values] = [values, undefined];
      const done = (super.query({ ...config, name }, values) as Promise<pg.QueryResult>).catch((error: unknown) => {
        if (!isStalePlan(error)) throw error;
        this.#prepared.clear();
        this.#generation++;
        return super.query(config, values) as Promise<pg.QueryResult>;
      });
      if (typeof callback !== "function") return done;
      done.then(
        (result) => callback(null, result),
        (error: unknown) => callback(error),
      );
      return undefined;
    }

    #nameFor(text: string): string | undefined {
      const pooled = nameOf(text);
      if (pooled === undefined) return undefined;
      const name = `${pooled}_${this.#generation}`;
      if (this.#prepared.has(name)) return name;
      if (this.#prepared.size >= limits.perConnection) return undefined;
      this.#prepared.add(name);
      return name;
    }
  };
}
