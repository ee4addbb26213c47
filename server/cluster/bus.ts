import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { errorCodes, type ErrorCode } from '../core/common.contract.js';
import { DomainError } from '../core/errors.js';
import { MediaError } from '../../media/sfu/errors.js';
import type { Logger } from '../core/logger.js';
import { edgeNotes, originRequests, type EdgeNote, type NoteOf, type OriginMethod, type ReplyOf, type RequestOf } from './cluster.contract.js';
import { withinMs, type RedisClient } from './redis.js';

const channelOf = (nodeId: string) => `nist:bus:${nodeId}`;
const everyone = 'nist:bus:all';

const envelopeSchema = z.discriminatedUnion('t', [
  z.object({ t: z.literal('req'), id: z.string().max(64), from: z.string().max(128), name: z.string().max(64), payload: z.unknown() }),
  z.object({
    t: z.literal('res'),
    id: z.string().max(64),
    ok: z.boolean(),
    data: z.unknown().optional(),
    error: z.object({ code: z.enum(errorCodes), message: z.string().max(2000) }).optional(),
  }),
  z.object({ t: z.literal('note'), from: z.string().max(128), name: z.string().max(64), payload: z.unknown() }),
]);
type Envelope = z.infer<typeof envelopeSchema>;

const statusOf: Record<ErrorCode, number> = {
  bad_request: 400,
  validation_failed: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  rate_limited: 429,
  unavailable: 503,
  internal: 500,
};

type Pending = { resolve: (v: unknown) => void; reject: (e: Error) => void; timer: NodeJS.Timeout };
type RequestHandler = (input: unknown, from: string) => unknown;
type NoteHandler = (payload: unknown, from: string) => void;

/**
 * Request/reply and notes between Nist nodes over Redis pub/sub: each node listens on its own channel and on
 * one for everyone. A request names its target node and times out (the target may be gone); a failure comes
 * back as the DomainError it was, so an edge answers its resident exactly as the origin would have.
 */
export class ClusterBus {
  readonly #pending = new Map<string, Pending>();
  readonly #handlers = new Map<string, RequestHandler>();
  readonly #noteHandlers = new Map<string, NoteHandler[]>();

  private constructor(
    private readonly pub: RedisClient,
    private readonly sub: RedisClient,
    readonly nodeId: string,
    private readonly log: Logger,
  ) {}

  static async start(pub: RedisClient, sub: RedisClient, nodeId: string, log: Logger): Promise<ClusterBus> {
    const bus = new ClusterBus(pub, sub, nodeId, log);
    await sub.subscribe([channelOf(nodeId), everyone], (message) => bus.#receive(message));
    return bus;
  }

  /** Both connections are up and subscribed: requests and notes can come in. */
  get ready(): boolean {
    return this.pub.isReady && this.sub.isReady;
  }

  /**
   * Asks node `target`; rejects with `unavailable` when it does not answer within `timeoutMs`. Pub/sub keeps
   * nothing for a connection that is reconnecting (Redis just restarted), so an unanswered request is sent
   * once more halfway; every request here may be answered twice (the first answer wins).
   */
  request<M extends OriginMethod>(target: string, name: M, payload: RequestOf<M>, timeoutMs = 4000): Promise<ReplyOf<M>> {
    const id = randomUUID();
    const envelope: Envelope = { t: 'req', id, from: this.nodeId, name, payload };
    return new Promise<ReplyOf<M>>((resolve, reject) => {
      const again = setTimeout(() => this.#publish(target, envelope), timeoutMs / 2);
      const timer = setTimeout(() => {
        this.#pending.delete(id);
        reject(new DomainError('unavailable', 503, 'The origin server did not answer; try again in a moment.'));
      }, timeoutMs);
      const done = <T>(settle: (v: T) => void) => (v: T) => {
        clearTimeout(again);
        settle(v);
      };
      this.#pending.set(id, { resolve: done(resolve as (v: unknown) => void), reject: done(reject), timer });
      this.#publish(target, envelope);
    });
  }

  /** Answers `name` requests; the payload is parsed with the table's schema first. */
  serve<M extends OriginMethod>(name: M, handler: (input: z.output<(typeof originRequests)[M]['payload']>, from: string) => Promise<ReplyOf<M>> | ReplyOf<M>): void {
    this.#handlers.set(name, handler as RequestHandler);
  }

  /** Tells `target` (a node id, or `all`) something; no reply, and nothing if nobody listens. */
  note<N extends EdgeNote>(target: string | 'all', name: N, payload: NoteOf<N>): void {
    this.#publish(target, { t: 'note', from: this.nodeId, name, payload });
  }

  onNote<N extends EdgeNote>(name: N, handler: (payload: NoteOf<N>, from: string) => void): void {
    const list = this.#noteHandlers.get(name) ?? [];
    list.push(handler as NoteHandler);
    this.#noteHandlers.set(name, list);
  }

  async close(): Promise<void> {
    for (const [id, p] of this.#pending) {
      clearTimeout(p.timer);
      p.reject(new DomainError('unavailable', 503, 'This server is shutting down.'));
      this.#pending.delete(id);
    }
    await withinMs(this.sub.unsubscribe(), 1000).catch(() => undefined);
  }

  #publish(target: string, envelope: Envelope): void {
    const channel = target === 'all' ? everyone : channelOf(target);
    this.pub.publish(channel, JSON.stringify(envelope)).catch((err: Error) => this.log.debug({ err: err.message, channel }, 'bus message not sent'));
  }

  #receive(message: string): void {
    let parsed: Envelope;
    try {
      const result = envelopeSchema.safeParse(JSON.parse(message));
      if (!result.success) return this.log.warn({ issues: result.error.issues.length }, 'bus message refused');
      parsed = result.data;
    } catch {
      return this.log.warn('bus message is not JSON');
    }
    if (parsed.t === 'res') return this.#settle(parsed);
    if (parsed.from === this.nodeId) return;
    if (parsed.t === 'note') return this.#onNote(parsed.name, parsed.payload, parsed.from);
    void this.#answer(parsed);
  }

  #settle(res: Extract<Envelope, { t: 'res' }>): void {
    const pending = this.#pending.get(res.id);
    if (!pending) return;
    this.#pending.delete(res.id);
    clearTimeout(pending.timer);
    if (res.ok) pending.resolve(res.data);
    else {
      const code = res.error?.code ?? 'internal';
      pending.reject(new DomainError(code, statusOf[code], res.error?.message ?? 'The origin server could not do this.'));
    }
  }

  #onNote(name: string, payload: unknown, from: string): void {
    const schema = (edgeNotes as Record<string, z.ZodType>)[name];
    const handlers = this.#noteHandlers.get(name);
    if (!schema || !handlers) return;
    const parsed = schema.safeParse(payload);
    if (!parsed.success) return this.log.warn({ note: name, from }, 'bus note refused: bad payload');
    for (const handler of handlers) {
      try {
        handler(parsed.data, from);
      } catch (err) {
        this.log.error({ err, note: name }, 'bus note handler failed');
      }
    }
  }

  async #answer(req: Extract<Envelope, { t: 'req' }>): Promise<void> {
    const reply = (r: { ok: true; data: unknown } | { ok: false; error: { code: ErrorCode; message: string } }) =>
      this.#publish(req.from, { t: 'res', id: req.id, ...r });
    const spec = (originRequests as Record<string, { payload: z.ZodType }>)[req.name];
    const handler = this.#handlers.get(req.name);
    if (!spec || !handler) return reply({ ok: false, error: { code: 'not_found', message: `This node does not answer ${req.name}.` } });
    const parsed = spec.payload.safeParse(req.payload);
    if (!parsed.success) return reply({ ok: false, error: { code: 'validation_failed', message: `Bad ${req.name} request.` } });
    try {
      reply({ ok: true, data: await handler(parsed.data, req.from) });
    } catch (error) {
      if (error instanceof DomainError || error instanceof MediaError) {
        return reply({ ok: false, error: { code: error.code as ErrorCode, message: error.message } });
      }
      this.log.error({ err: error, request: req.name }, 'bus request failed');
      reply({ ok: false, error: { code: 'internal', message: 'Something went wrong on the origin server. The problem was logged.' } });
    }
  }
}
