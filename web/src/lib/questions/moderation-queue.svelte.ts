import type { ModerationQuestion, questionsContract } from '@server/questions/questions.contract';
import type { AckOf, PayloadOf as ContractPayload } from '@server/core/socket/contract';
import { requestAck, socketFor, type NamespaceSocket } from '../socket';

type QueueSocket = NamespaceSocket<'/questions'>;
export type ModerationEvent = 'approve' | 'reject' | 'edit' | 'merge' | 'pin' | 'answer';
type PayloadOf<E extends ModerationEvent> = ContractPayload<typeof questionsContract, `moderation:${E}`>;

/** What became of an action: done, refused because a colleague was faster (the view now shows why), or failed. */
export type ActionOutcome = { ok: true } | { ok: false; conflict: boolean; code: string; message: string };

/**
 * A session's question queue for moderators, kept current over socket.io: new questions arrive as
 * `moderation:queued`, colleagues' decisions as `moderation:changed`. Each action names the version it was
 * made on; a stale one comes back as a conflict carrying the current question, which replaces the stale view.
 */
export class ModerationQueue {
  #items = $state.raw<ReadonlyMap<number, ModerationQuestion>>(new Map());
  #connected = $state(false);
  #loaded = $state(false);
  #error = $state<string | null>(null);
  /** Questions a colleague changed under this moderator's hands, until the next action on them. */
  #conflicts = $state.raw<ReadonlySet<number>>(new Set());
  #socket: QueueSocket | null = null;

  constructor(readonly sessionId: number) {}

  get items(): ModerationQuestion[] {
    return [...this.#items.values()].sort((a, b) => a.id - b.id);
  }
  get connected(): boolean {
    return this.#connected;
  }
  get loaded(): boolean {
    return this.#loaded;
  }
  get error(): string | null {
    return this.#error;
  }
  hadConflict(id: number): boolean {
    return this.#conflicts.has(id);
  }
  get(id: number): ModerationQuestion | undefined {
    return this.#items.get(id);
  }

  start(): () => void {
    const socket: QueueSocket = socketFor('/questions');
    this.#socket = socket;
    socket.on('connect', () => {
      this.#connected = true;
      socket.emit('moderation:subscribe', { sessionId: this.sessionId }, (ack) => {
        if (!ack.ok) {
          this.#error = ack.error.message;
          return;
        }
        this.#items = new Map(ack.data.items.map((q) => [q.id, q]));
        this.#loaded = true;
        this.#error = null;
      });
    });
    socket.on('disconnect', () => (this.#connected = false));
    socket.on('moderation:queued', (q) => this.#put([q]));
    socket.on('moderation:changed', (e) => this.#put([e.question]));
    return () => {
      socket.disconnect();
      this.#socket = null;
    };
  }

  /** Runs an action on `question` as this moderator last saw it. */
  async act<E extends ModerationEvent>(event: E, question: ModerationQuestion, extra: Omit<PayloadOf<E>, 'questionId' | 'expectedVersion'>): Promise<ActionOutcome> {
    const socket = this.#socket;
    if (!socket) return { ok: false, conflict: false, code: 'network', message: 'not connected' };
    this.#conflicts = new Set([...this.#conflicts].filter((id) => id !== question.id));
    const payload = { questionId: question.id, expectedVersion: question.version, ...extra };
    let ack: AckOf<typeof questionsContract, `moderation:${E}`>;
    try {
      ack = await requestAck<typeof questionsContract, `moderation:${E}`>(socket, `moderation:${event}`, payload as PayloadOf<E>);
    } catch {
      return { ok: false, conflict: false, code: 'timeout', message: 'The server did not answer in time.' };
    }
    if (ack.ok) {
      this.#put([ack.data.question, ...ack.data.also]);
      return { ok: true };
    }
    const current = ack.error.current;
    if (current) {
      this.#put([current]);
      this.#conflicts = new Set([...this.#conflicts, current.id]);
    }
    return { ok: false, conflict: ack.error.code === 'conflict', code: ack.error.code, message: ack.error.message };
  }

  /** A newer version wins; broadcasts and acks can arrive in either order. */
  #put(questions: ModerationQuestion[]): void {
    const next = new Map(this.#items);
    for (const q of questions) {
      const known = next.get(q.id);
      if (!known || known.version <= q.version) next.set(q.id, known && known.version === q.version ? { ...known, ...q } : q);
    }
    this.#items = next;
  }
}
