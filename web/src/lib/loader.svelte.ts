import { ApiError, toApiError } from './api';

type Fetcher<T> = (signal: AbortSignal) => Promise<T>;

/** One piece of remote data for a page: loading, loaded or failed, with retry. A newer load cancels an older one. */
export class Loader<T> {
  #data = $state.raw<T | undefined>(undefined);
  #error = $state.raw<ApiError | null>(null);
  #loading = $state(true);
  #controller: AbortController | null = null;
  #fetcher: Fetcher<T> | null = null;

  get data(): T | undefined {
    return this.#data;
  }

  get error(): ApiError | null {
    return this.#error;
  }

  get loading(): boolean {
    return this.#loading;
  }

  /** `keepData` leaves the previous result on screen while the next one loads (paging, filtering). */
  load(fetcher: Fetcher<T>, options: { keepData?: boolean } = {}): void {
    this.abort();
    const controller = new AbortController();
    this.#controller = controller;
    this.#fetcher = fetcher;
    this.#loading = true;
    this.#error = null;
    if (!options.keepData) this.#data = undefined;
    fetcher(controller.signal).then(
      (data) => {
        if (controller.signal.aborted) return;
        this.#data = data;
        this.#loading = false;
      },
      (error: unknown) => {
        if (controller.signal.aborted) return;
        this.#error = toApiError(error);
        this.#loading = false;
      },
    );
  }

  retry = (): void => {
    if (this.#fetcher) this.load(this.#fetcher);
  };

  abort(): void {
    this.#controller?.abort();
    this.#controller = null;
  }
}
