/**
 * Finds the entry for a tuple of values (summarize groups, distinct rows). Values key nested Maps directly, so
 * no composite string is built and hashed per row; dynamic values (arrays, bags) are keyed by their JSON text.
 */
export class GroupIndex<T> {
  private readonly root = new Map<unknown, unknown>();
  private readonly dynamicTokens = new Map<string, object>();

  private keyOf(value: unknown): unknown {
    if (value === undefined) return null;
    if (typeof value !== 'object' || value === null) return value;
    const json = JSON.stringify(value);
    let token = this.dynamicTokens.get(json);
    if (!token) {
      token = {};
      this.dynamicTokens.set(json, token);
    }
    return token;
  }

  /** The entry for `values`, created by `create` the first time; `created` tells which happened. */
  lookup(values: unknown[], create: () => T): { entry: T; created: boolean } {
    let map = this.root;
    const last = values.length - 1;
    for (let i = 0; i < last; i++) {
      const key = this.keyOf(values[i]);
      let next = map.get(key) as Map<unknown, unknown> | undefined;
      if (!next) {
        next = new Map();
        map.set(key, next);
      }
      map = next;
    }
    const key = last >= 0 ? this.keyOf(values[last]) : null;
    const existing = map.get(key) as T | undefined;
    if (existing !== undefined || map.has(key)) return { entry: existing as T, created: false };
    const entry = create();
    map.set(key, entry);
    return { entry, created: true };
  }
}
