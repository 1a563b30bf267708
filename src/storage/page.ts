/** One page of a list read from storage, and where the next one starts. */
export interface Page<T> {
  items: T[];
  /** Opaque; null when there is nothing more. */
  next: string | null;
}
