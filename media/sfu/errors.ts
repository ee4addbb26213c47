/** Codes a media failure maps to; they are a subset of the server's ErrorCode so adapters can pass them on. */
export type MediaErrorCode = 'bad_request' | 'forbidden' | 'not_found' | 'conflict' | 'unavailable';

/** A failure in the media plane the caller can act on (a bad parameter, a closed room, a full meeting). */
export class MediaError extends Error {
  constructor(
    readonly code: MediaErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'MediaError';
  }
}

/**
 * Runs a mediasoup call whose failure means the caller sent parameters the worker rejected
 * (mediasoup throws TypeError/Error for those); the message says which step failed.
 */
export async function rejectedAs<T>(step: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof MediaError) throw error;
    throw new MediaError('bad_request', `${step} failed: ${(error as Error).message}`);
  }
}
