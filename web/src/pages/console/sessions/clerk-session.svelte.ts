import type { MeReply } from '@server/accounts/accounts.contract';
import type { PublicDecision } from '@server/civic/civic.contract';
import { ApiError, toApiError } from '../../../lib/api';
import type { Lang } from '../../../lib/i18n/i18n.svelte';
import type { StaffSession } from '../../../lib/staff/staff-session.svelte';

export type ClerkAgendaItem = { id: number; position: number; number: string; title: string; description: string; presenter: string; startSec: number | null; endSec: number | null };
export type ClerkSessionDetail = {
  id: number;
  bodyId: number;
  title: string;
  kind: 'council' | 'meeting';
  status: 'scheduled' | 'live' | 'ended';
  visibility: 'public' | 'private';
  startsAt: string;
  location: string;
  body: { slug: string; name: string };
  recording: { hlsUrl: string; durationSec: number | null; status: string } | null;
  recordingId: number | null;
  currentAgendaItemId: number | null;
  agenda: ClerkAgendaItem[];
  decisions: PublicDecision[];
  roll: { id: number; name: string; role: string }[];
  documents: { id: number; kind: 'document' | 'minutes'; title: string; mime: string; bytes: number; url: string }[];
  captions: { lang: string; url: string }[];
};

/**
 * One session in the clerk console: its record as the server has it, and every change as a request to
 * the clerk API. After each change the record is read again, so the screen shows what was stored.
 */
export class ClerkSession {
  #data = $state.raw<ClerkSessionDetail | null>(null);
  #error = $state.raw<ApiError | null>(null);
  #busy = $state(false);
  #notice = $state('');

  constructor(
    private readonly staff: StaffSession,
    readonly id: number,
    private readonly lang: () => Lang,
  ) {}

  get data() {
    return this.#data;
  }
  get error() {
    return this.#error;
  }
  get busy() {
    return this.#busy;
  }
  /** A short status for a live region ("Saved", "item moved"). */
  get notice() {
    return this.#notice;
  }

  async load(): Promise<void> {
    try {
      this.#data = await this.staff.send<ClerkSessionDetail>('GET', `/api/clerk/sessions/${this.id}?lang=${this.lang()}`);
      this.#error = null;
    } catch (error) {
      this.#error = toApiError(error);
    }
  }

  /** Runs one change, then reloads; failures are kept in `error` for the editor to show. */
  async change(run: () => Promise<unknown>, notice = ''): Promise<boolean> {
    this.#busy = true;
    try {
      await run();
      this.#notice = notice;
      await this.load();
      return true;
    } catch (error) {
      this.#error = toApiError(error);
      return false;
    } finally {
      this.#busy = false;
    }
  }

  send<T>(method: 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<T> {
    return this.staff.send<T>(method, path, body);
  }

  /** Moves an agenda item by `delta` places and stores the whole new order in one request. */
  move(itemId: number, delta: number, announce: (title: string, position: number) => string): Promise<boolean> {
    const items = [...(this.#data?.agenda ?? [])];
    const from = items.findIndex((i) => i.id === itemId);
    const to = from + delta;
    if (from < 0 || to < 0 || to >= items.length) return Promise.resolve(false);
    const [item] = items.splice(from, 1);
    items.splice(to, 0, item!);
    return this.reorder(items.map((i) => i.id), announce(item!.title, to + 1));
  }

  reorder(ids: number[], notice: string): Promise<boolean> {
    return this.change(() => this.send('PUT', `/api/clerk/sessions/${this.id}/agenda/order`, { ids }), notice);
  }

  /** Documents go up as the request body; the CSRF token comes from the login check. */
  upload(file: File, title: string, kind: 'document' | 'minutes', notice: string): Promise<boolean> {
    return this.change(async () => {
      const me = await this.staff.send<MeReply>('GET', '/api/auth/me');
      const query = new URLSearchParams({ title, kind });
      const response = await fetch(`/api/clerk/sessions/${this.id}/documents?${query}`, {
        method: 'PUT',
        headers: { 'content-type': file.type || 'application/octet-stream', 'x-csrf-token': me.csrfToken, accept: 'application/json' },
        body: file,
        credentials: 'same-origin',
      });
      if (!response.ok) {
        const body = (await response.json().catch(() => ({}))) as { error?: { code: ApiError['code']; message: string } };
        throw new ApiError(response.status, body.error?.code ?? 'unexpected', body.error?.message ?? `Status ${response.status}`);
      }
    }, notice);
  }
}
