import type { JoinRole, SessionStatus } from '@server/live/live.contract';
import { SignalingError } from './signaling';

/** What a failed join means for the page: stop (a refusal), wait or end (not on air), or try again. */
export type JoinFailure = { state: 'failed'; error: string } | { state: 'waiting' | 'ended' } | { state: 'reconnecting' };

export function joinFailure(error: unknown, role: JoinRole, status: SessionStatus | null): JoinFailure {
  const code = error instanceof SignalingError ? error.code : 'internal';
  if (code === 'forbidden' || code === 'not_found' || code === 'validation_failed') return { state: 'failed', error: code };
  // Viewers: not started yet or over. Publishers and participants: the session or meeting has ended.
  if (code === 'conflict') return { state: role === 'viewer' && status !== 'ended' ? 'waiting' : 'ended' };
  return { state: 'reconnecting' };
}

const maxRetryMs = 8000;

/** Backoff before join attempt `attempt` (0 first): 0.5 s doubling to 8 s, randomized ±25 % so a restarted server is not hit by every page at once. */
export const retryDelayMs = (attempt: number) => Math.min(maxRetryMs, 500 * 2 ** attempt) * (0.75 + Math.random() * 0.5);
