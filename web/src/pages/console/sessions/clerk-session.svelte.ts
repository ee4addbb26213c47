import type { MeReply } from '@server/accounts/accounts.contract';
import type { PublicDecision } from '@server/civic/civic.contract';
import { fetchApi, readReply, toApiError, type ApiError } from '../../../lib/api';
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
    try {
      await this.commit(run, notice);
      return true;
    } catch (error) {
      this.#error = toApiError(error);
      return false;
    }
  }

  /** Runs one change from a form, then reloads; a failure is thrown for the form to show beside its fields. */
  async commit(run: () => Promise<unknown>, notice = ''): Promise<void> {
    this.#busy = true;
    try {
      await run();
      this.#notice = notice;
      await this.load();
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

  /** Documents go up as the request body. A refusal is thrown. */
  upload(file: File, title: string, kind: 'document' | 'minutes', notice: string): Promise<void> {
    const query = new URLSearchParams({ title, kind });
    return this.commit(() => this.sendBody('PUT', `/api/clerk/sessions/${this.id}/documents?${query}`, file, file.type || 'application/octet-stream'), notice);
  }

  /** A request whose body is a file or text, not JSON (a document, WebVTT); the CSRF token comes from the login check. */
  async sendBody(method: 'PUT' | 'DELETE', path: string, body: Blob | string | undefined, contentType: string): Promise<void> {
    const me = await this.staff.send<MeReply>('GET', '/api/auth/me');
    const headers = { 'content-type': contentType, 'x-csrf-token': me.csrfToken, accept: 'application/json' };
    await readReply(await fetchApi(path, { method, headers, body, credentials: 'same-origin' }));
  }
}
