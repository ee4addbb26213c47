import { toApiError, type ApiError } from '../api';
import type { StaffSession } from './staff-session.svelte';

/**
 * A list a console section reads from the staff API (accounts, bodies, a body's members): its items, null until
 * they come; the refusal of the last read; and the changes this page made, applied without reading it again.
 */
export class StaffList<T extends { id: number }> {
  items = $state.raw<T[] | null>(null);
  loadError = $state.raw<ApiError | null>(null);

  constructor(
    private readonly staff: StaffSession,
    private readonly path: string,
  ) {}

  load(): void {
    this.loadError = null;
    this.staff.send<{ items: T[] }>('GET', this.path).then(
      (reply) => (this.items = reply.items),
      (error: unknown) => (this.loadError = toApiError(error)),
    );
  }

  add(item: T): void {
    this.items = [...(this.items ?? []), item];
  }

  replace(item: T): void {
    this.items = (this.items ?? []).map((x) => (x.id === item.id ? item : x));
  }

  remove(item: T): void {
    this.items = (this.items ?? []).filter((x) => x.id !== item.id);
  }
}
