// Re-reads domains after libvirt events, coalesced: the events that arrive while one read is in
// flight (a start sends "Resumed" and "Started" a millisecond apart) are served by the next read,
// one round trip for all of them. 'all' stands for a full resync (an event for a name not known
// yet, or after the event channel was re-subscribed and may have missed some).
export class Refresher {
  private readonly ids = new Set<string>();
  private all = false;
  private running = false;
  private stopped = false;

  constructor(
    private readonly read: (what: string[] | 'all') => Promise<void>,
    private readonly onError: (e: unknown) => void,
  ) {}

  request(what: string | 'all'): void {
    if (this.stopped) return;
    if (what === 'all') this.all = true;
    else this.ids.add(what);
    if (!this.running) void this.run();
  }

  stop(): void {
    this.stopped = true;
    this.ids.clear();
    this.all = false;
  }

  private async run(): Promise<void> {
    this.running = true;
    try {
      while (!this.stopped && (this.all || this.ids.size > 0)) {
        const what: string[] | 'all' = this.all ? 'all' : [...this.ids];
        this.all = false;
        this.ids.clear();
        try {
          await this.read(what);
        } catch (e) {
          this.onError(e);
        }
      }
    } finally {
      this.running = false;
    }
  }
}
