/**
 * At most `limit` of some work at once in this process; the rest wait their turn, in order, holding nothing (or,
 * with a bounded `queue`, are refused once that many wait).
 *
 * For write transactions on hot rows: on PostgreSQL every registration locks its ticket type's and items' seat
 * counters until it commits. With 50 people at once per instance and two instances, twenty open transactions queued
 * on those row locks while holding pooled connections, each slowed by the next, until some passed Prisma's 5 s
 * transaction timeout and failed (bench:visit, two instances: P2028). Waiting here instead costs no connection, no
 * lock and no transaction time. On SQLite, where transactions run one at a time anyway, it changes nothing.
 */
export function admission(limit: number, queue: { maxWaiting: number; refuse: () => Error } | null = null) {
  let active = 0;
  const waiting: (() => void)[] = [];
  return async function admit<T>(work: () => Promise<T>): Promise<T> {
    if (active < limit) active++;
    else if (queue && waiting.length >= queue.maxWaiting) throw queue.refuse();
    else await new Promise<void>((resolve) => waiting.push(resolve));
    try {
      return await work();
    } finally {
      // The place goes straight to the next in line; only when nobody waits is it given back.
      const next = waiting.shift();
      if (next) next();
      else active--;
    }
  };
}
