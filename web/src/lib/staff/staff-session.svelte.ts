import { getContext } from 'svelte';
import type { Action } from '@server/accounts/roles';
import type { MeReply } from '@server/accounts/accounts.contract';
import { ApiError, fetchApi, readReply } from '../api';
import { grantsAllow, grantsAllowSomewhere } from './staff-permissions';

export type StaffAccount = MeReply['account'];
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';


/**
 * The staff member logged in on this browser: who it is, what the console may offer, and the one way to
 * call the staff API (the login cookie travels by itself; `x-csrf-token` is added to every request).
 */
export class StaffSession {
  #account = $state.raw<StaffAccount | null>(null);
  /** `unknown` until `/api/auth/me` answered once. */
  #status = $state<'unknown' | 'checking' | 'known'>('unknown');
  #checkError = $state.raw<ApiError | null>(null);
  /** How the last login on this page ended, for the login form to say so. */
  #ended = $state<'logout' | 'expired' | null>(null);
  #csrfToken = '';
  #checking: Promise<void> | null = null;

  get account(): StaffAccount | null {
    return this.#account;
  }

  get loggedIn(): boolean {
    return this.#account !== null;
  }

  get status(): 'unknown' | 'checking' | 'known' {
    return this.#status;
  }

  /** Why the last check of the login failed (the server could not be reached), if it did. */
  get checkError(): ApiError | null {
    return this.#checkError;
  }

  get ended(): 'logout' | 'expired' | null {
    return this.#ended;
  }

  /** Asks the server who is logged in, once; `force` asks again. A 401 means nobody. */
  check(force = false): Promise<void> {
    if (this.#checking && !force) return this.#checking;
    this.#status = 'checking';
    this.#checkError = null;
    this.#checking = this.#request<MeReply>('GET', '/api/auth/me').then(
      (me) => this.#accept(me),
      (error: unknown) => {
        if (error instanceof ApiError && error.status === 401) {
          if (this.#account) this.#ended = 'expired';
          this.#forget();
          return;
        }
        // Not an answer about the login (the server could not be reached): keep what we knew, allow a retry.
        this.#checkError = error instanceof ApiError ? error : new ApiError(0, 'unexpected', String(error));
        this.#checking = null;
      },
    ).finally(() => {
      this.#status = 'known';
    });
    return this.#checking;
  }

  /** Logs in; throws the server's ApiError (401 wrong password, 403 disabled, 429 throttled with `retryAfterSec`). */
  async login(username: string, password: string): Promise<void> {
    const me = await this.#request<MeReply>('POST', '/api/auth/login', { username, password });
    this.#accept(me);
    this.#status = 'known';
    this.#checking = Promise.resolve();
  }

  /** Ends the login on the server; throws (and stays logged in) if the server could not be told. */
  async logout(): Promise<void> {
    try {
      await this.#request<void>('POST', '/api/auth/logout');
    } catch (error) {
      if (!(error instanceof ApiError && error.status === 401)) throw error;
    }
    this.#forget();
    this.#ended = 'logout';
  }

  /**
   * A JSON request to the staff API with the CSRF token. A 401 means the login ended (expired, or ended
   * elsewhere): the session forgets the account, so the console shows the login form again.
   */
  async send<T>(method: HttpMethod, path: string, body?: unknown): Promise<T> {
    try {
      return await this.#request<T>(method, path, body);
    } catch (error) {
      if (error instanceof ApiError && error.status === 401 && this.#account) {
        this.#forget();
        this.#ended = 'expired';
      }
      throw error;
    }
  }

  /** The server's rule for showing or hiding a control; the server still checks the request itself. */
  can(action: Action, bodyId?: number | null): boolean {
    return this.#account !== null && grantsAllow(this.#account.roles, action, bodyId);
  }

  /** Whether the account may do `action` for at least one body (to offer a console section). */
  canSomewhere(action: Action): boolean {
    return this.#account !== null && grantsAllowSomewhere(this.#account.roles, action);
  }

  #accept(me: MeReply): void {
    this.#ended = null;
    this.#account = me.account;
    this.#csrfToken = me.csrfToken;
  }

  #forget(): void {
    this.#account = null;
    this.#csrfToken = '';
  }

  async #request<T>(method: HttpMethod, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (method !== 'GET' && this.#csrfToken) headers['x-csrf-token'] = this.#csrfToken;
    const response = await fetchApi(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
      cache: 'no-store',
    });
    return readReply<T>(response);
  }
}

export const staffSessionKey = Symbol('staff-session');

export function useStaffSession(): StaffSession {
  return getContext<StaffSession>(staffSessionKey);
}
