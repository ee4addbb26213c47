import { getContext } from 'svelte';
import { toApiError, type ApiError } from '../../lib/api';
import type { Lang } from '../../lib/i18n/i18n.svelte';
import type { StaffSession } from '../../lib/staff/staff-session.svelte';

/** A council or institution as `GET /api/bodies` lists it, named in the requested language. */
export type BodyOption = { id: number; slug: string; name: string; kind: string };

/** The bodies roles can be given for, loaded once per language for every console section. */
export class ConsoleBodies {
  #items = $state.raw<BodyOption[]>([]);
  #error = $state.raw<ApiError | null>(null);
  #loadedLang: Lang | null = null;

  get items(): BodyOption[] {
    return this.#items;
  }

  get error(): ApiError | null {
    return this.#error;
  }

  load(session: StaffSession, lang: Lang): void {
    if (this.#loadedLang === lang) return;
    this.#loadedLang = lang;
    this.#error = null;
    session.send<{ items: BodyOption[] }>('GET', `/api/bodies?lang=${lang}`).then(
      (reply) => {
        if (this.#loadedLang === lang) this.#items = reply.items;
      },
      (error: unknown) => {
        this.#error = toApiError(error);
        this.#loadedLang = null;
      },
    );
  }

  name(id: number): string | undefined {
    return this.#items.find((b) => b.id === id)?.name;
  }
}

export const consoleBodiesKey = Symbol('console-bodies');

export function useConsoleBodies(): ConsoleBodies {
  return getContext<ConsoleBodies>(consoleBodiesKey);
}
