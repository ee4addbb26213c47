import { toApiError, type ApiError } from '../api';

/**
 * The requests of one console card (a body, a member, an account), one at a time: `busy` while one runs, and
 * the last refusal in `failure` for the card's notice.
 */
export class CardRequest {
  busy = $state(false);
  failure = $state.raw<ApiError | null>(null);

  /** Runs `send`; false, with `failure` set, when it was refused. */
  async run(send: () => Promise<unknown>): Promise<boolean> {
    this.busy = true;
    this.failure = null;
    try {
      await send();
      return true;
    } catch (error) {
      this.failure = toApiError(error);
      return false;
    } finally {
      this.busy = false;
    }
  }
}
