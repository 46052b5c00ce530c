/**
 * The values of the last `capacity` keys used, for work that gives the same answer every time (a ticket's QR
 * matrix, its signature). A Map's order is its order of insertion: a key used again moves to the end, and the
 * first key is the one to drop.
 */
export function recentlyUsed<V>(capacity: number, make: (key: string) => V): (key: string) => V {
  const kept = new Map<string, V>();
  return (key) => {
    const known = kept.get(key);
    if (known !== undefined) {
      kept.delete(key);
      kept.set(key, known);
      return known;
    }
    const made = make(key);
    kept.set(key, made);
    if (kept.size > capacity) kept.delete(kept.keys().next().value!);
    return made;
  };
}
