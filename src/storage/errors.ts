/**
 * Storage errors: what a database error means, in terms that do not depend on the database. Only `storage/`
 * knows the databases' codes; callers test for these classes.
 */

/** A write clashed with existing data: a unique value is taken (a repeated create, or a race lost to another). */
export class ConflictError extends Error {
  constructor(
    message = 'the change clashes with existing data (a unique value is taken)',
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'ConflictError';
  }
}

/**
 * Wraps every method of a domain store so that a database error it throws reaches the caller as a storage error
 * (`storageError` says which, or returns the error unchanged). Applied once where a storage is composed, so no
 * store has to remember it.
 */
export function withStorageErrors<T extends object>(store: T, storageError: (err: unknown) => unknown): T {
  const guarded: Record<string, unknown> = {};
  for (const name of memberNames(store)) {
    const member = (store as Record<string, unknown>)[name];
    guarded[name] =
      typeof member === 'function'
        ? async (...args: unknown[]) => {
            try {
              return await (member as (...a: unknown[]) => Promise<unknown>).apply(store, args);
            } catch (err) {
              throw storageError(err);
            }
          }
        : member;
  }
  // The same members, each method wrapped with its signature unchanged.
  return guarded as T;
}

/** A store's own members and, for a store made by a class, its methods: a vendor's store may be either. */
function memberNames(store: object): string[] {
  const names = new Set(Object.keys(store));
  for (let proto = Object.getPrototypeOf(store) as object | null; proto && proto !== Object.prototype;) {
    for (const name of Object.getOwnPropertyNames(proto)) {
      // Methods only: reading an accessor here would run it (a store may prepare statements lazily in one).
      const member = Object.getOwnPropertyDescriptor(proto, name);
      if (name !== 'constructor' && typeof member?.value === 'function') names.add(name);
    }
    proto = Object.getPrototypeOf(proto) as object | null;
  }
  return [...names];
}
