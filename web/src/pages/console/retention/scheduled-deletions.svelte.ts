import type { RecordingHold, ScheduledDeletion, ScheduledDeletionList } from '@server/recording/retention.contract';
import { toApiError, type ApiError } from '../../../lib/api';
import type { StaffSession } from '../../../lib/staff/staff-session.svelte';

/** How far ahead the console looks: a month gives an archivist time to hold what must stay. */
export const lookAheadDays = 30;

/**
 * The console's "Scheduled deletions": what the bodies' retention rules delete in the next days, and the holds
 * an archivist puts on or takes off. A hold or release changes the one item in place (it moves between the
 * lists), so the page does not jump; a refusal is kept beside that item.
 */
export class ScheduledDeletions {
  #items = $state.raw<ScheduledDeletion[] | null>(null);
  #error = $state.raw<ApiError | null>(null);
  #busy = $state.raw<ReadonlySet<number>>(new Set());
  #refused = $state.raw<ReadonlySet<number>>(new Set());

  constructor(private readonly staff: Pick<StaffSession, 'send'>) {}

  get items(): readonly ScheduledDeletion[] | null {
    return this.#items;
  }
  get due(): readonly ScheduledDeletion[] {
    return (this.#items ?? []).filter((i) => i.hold === null);
  }
  get held(): readonly ScheduledDeletion[] {
    return (this.#items ?? []).filter((i) => i.hold !== null);
  }
  get error(): ApiError | null {
    return this.#error;
  }
  busy(id: number): boolean {
    return this.#busy.has(id);
  }
  refused(id: number): boolean {
    return this.#refused.has(id);
  }

  async load(): Promise<void> {
    this.#error = null;
    this.#items = null;
    try {
      this.#items = (await this.staff.send<ScheduledDeletionList>('GET', `/api/retention/scheduled?days=${lookAheadDays}`)).items;
    } catch (e) {
      this.#error = toApiError(e);
    }
  }

  /** Holds (`on`) or releases one recording. */
  async setHold(id: number, on: boolean): Promise<void> {
    if (this.#busy.has(id)) return;
    this.#busy = new Set([...this.#busy, id]);
    this.#refused = new Set([...this.#refused].filter((x) => x !== id));
    try {
      const path = `/api/retention/holds/${id}`;
      const hold = on ? await this.staff.send<RecordingHold>('PUT', path) : (await this.staff.send<null>('DELETE', path), null);
      this.#items = (this.#items ?? []).map((i) => (i.recordingId === id ? { ...i, hold: hold && { heldAt: hold.heldAt, heldBy: hold.heldBy } } : i));
    } catch {
      this.#refused = new Set([...this.#refused, id]);
    } finally {
      this.#busy = new Set([...this.#busy].filter((x) => x !== id));
    }
  }
}
