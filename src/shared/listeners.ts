// The one listener fan-out: a set of listeners where one that throws cannot stop the others or
// undo what was announced (it is logged). Every event source in main announces through one.
export class Listeners<T> {
  private readonly set = new Set<(value: T) => void>();

  constructor(private readonly what: string) {}

  get size(): number {
    return this.set.size;
  }

  /** Returns the unsubscribe. Bound, so a source can hand it out as its own `onX`. */
  readonly add = (listener: (value: T) => void): (() => void) => {
    this.set.add(listener);
    return () => void this.set.delete(listener);
  };

  emit(value: T): void {
    for (const l of [...this.set]) {
      try {
        l(value);
      } catch (e) {
        console.error(`virtdesk: ${this.what} listener failed`, e);
      }
    }
  }

  clear(): void {
    this.set.clear();
  }
}
