/**
 * A class whose instances are the object `build` returns: a storage is composed of domain stores (plain objects of
 * methods over one database handle), yet opened with `new`, as callers always have. No method is written twice.
 */
export function composedClass<A extends unknown[], T extends object>(
  build: (...args: A) => T,
): new (...args: A) => T {
  return class {
    constructor(...args: A) {
      Object.assign(this, build(...args));
    }
    // The instance holds every member of T, copied from the composed object.
  } as unknown as new (...args: A) => T;
}
