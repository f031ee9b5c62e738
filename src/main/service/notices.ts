// Messages for the user that outlive the moment they happened (a corrupt file moved aside at
// startup, a write that failed): kept until dismissed and pushed as they arrive.
import { randomUUID } from 'node:crypto';
import { Listeners } from '../../shared/listeners';
import type { Notice } from '../../shared/model';

export class NoticeBoard {
  private readonly notices = new Map<string, Notice>();
  private readonly added = new Listeners<Notice>('notice');

  constructor(private readonly now: () => number) {}

  add(level: Notice['level'], message: string): Notice {
    const notice: Notice = { id: randomUUID(), level, message, at: this.now() };
    this.notices.set(notice.id, notice);
    this.added.emit({ ...notice });
    return { ...notice };
  }

  list(): Notice[] {
    return [...this.notices.values()].map((n) => ({ ...n }));
  }

  dismiss(id: string): boolean {
    return this.notices.delete(id);
  }

  onAdded(listener: (notice: Notice) => void): () => void {
    return this.added.add(listener);
  }
}
