import type {
  AskQuestionBody,
  OwnQuestion,
  PublicQuestion,
  ResidentEvent,
} from '@server/questions/questions.contract';
import { toApiError, type ApiError } from '../api';
import { askQuestion, clientId, listQuestions, myQuestions } from './questions-api';
import type { NamespaceSocket } from '../socket';

export type QuestionSort = 'votes' | 'time';
type FeedSocket = NamespaceSocket<'/questions'>;
type SocketModule = typeof import('../socket');

const ownKey = (sessionId: number) => `nist.questions.${sessionId}`;

/**
 * A session's questions as a resident sees them: the public list (live over socket.io while the session
 * takes questions), this browser's votes, and its own questions with their fate, kept in localStorage so a
 * reload still shows "waiting for moderation".
 */
export class QuestionFeed {
  #items = $state.raw<PublicQuestion[]>([]);
  #voted = $state.raw<ReadonlySet<number>>(new Set());
  #own = $state.raw<OwnQuestion[]>([]);
  #sort = $state<QuestionSort>('votes');
  #loaded = $state(false);
  #error = $state.raw<ApiError | null>(null);
  #socket: FeedSocket | null = null;
  #requestAck: SocketModule['requestAck'] | null = null;
  #connected = $state(false);

  constructor(readonly sessionId: number) {
    this.#own = readOwn(sessionId);
  }

  get loaded(): boolean {
    return this.#loaded;
  }
  get error(): ApiError | null {
    return this.#error;
  }
  get sort(): QuestionSort {
    return this.#sort;
  }
  set sort(value: QuestionSort) {
    this.#sort = value;
  }
  get own(): OwnQuestion[] {
    return this.#own;
  }
  hasVoted(id: number): boolean {
    return this.#voted.has(id);
  }

  /** The question on screen now, if a moderator pinned one. */
  get pinned(): PublicQuestion | undefined {
    return this.#items.find((q) => q.pinned);
  }

  /** Every public question, most voted or newest first. */
  get list(): PublicQuestion[] {
    const by = this.#sort === 'votes' ? (a: PublicQuestion, b: PublicQuestion) => b.votes - a.votes || a.id - b.id : (a: PublicQuestion, b: PublicQuestion) => b.id - a.id;
    return [...this.#items].sort(by);
  }

  /** Loads the list and this browser's questions; with `live`, keeps them current over a socket. Returns the stop function. */
  start(live: boolean): () => void {
    const controller = new AbortController();
    void this.#loadOnce(controller.signal);
    // The socket client loads with the first live session page, not with every page of the site.
    if (live) void import('../socket').then(({ socketFor, requestAck }) => !controller.signal.aborted && this.#connect(socketFor, requestAck));
    return () => {
      controller.abort();
      this.#socket?.disconnect();
      this.#socket = null;
      this.#connected = false;
    };
  }

  async ask(body: AskQuestionBody): Promise<void> {
    const reply = await askQuestion(this.sessionId, body);
    this.#setOwn([{ id: reply.id, text: body.text.trim(), status: 'pending', mergedInto: null, createdAt: new Date().toISOString() }, ...this.#own]);
  }

  async vote(id: number): Promise<void> {
    if (this.#voted.has(id) || !this.#socket) return;
    this.#voted = new Set([...this.#voted, id]);
    const ack = this.#requestAck ? await this.#requestAck(this.#socket, 'questions:vote', { questionId: id }).catch(() => null) : null;
    if (ack?.ok) this.#upsert({ id, votes: ack.data.votes });
    else if (ack?.error.code !== 'rate_limited') this.#voted = new Set([...this.#voted].filter((v) => v !== id));
  }

  /** Votes travel over the socket: only while it is connected. */
  get canVote(): boolean {
    return this.#connected;
  }

  async #loadOnce(signal: AbortSignal): Promise<void> {
    try {
      const [list, mine] = await Promise.all([listQuestions(this.sessionId, signal), myQuestions(this.sessionId, signal)]);
      this.#items = list.items;
      this.#voted = new Set(mine.voted);
      this.#setOwn(mergeOwn(this.#own, mine.items));
      this.#loaded = true;
      this.#error = null;
    } catch (error) {
      if (!signal.aborted) this.#error = toApiError(error);
    }
  }

  #connect(socketFor: SocketModule['socketFor'], requestAck: SocketModule['requestAck']): void {
    this.#requestAck = requestAck;
    const socket: FeedSocket = socketFor('/questions', { auth: { client: clientId() } });
    this.#socket = socket;
    // On every (re)connect: subscribe again and take the server's list, so nothing missed while away is lost.
    socket.on('disconnect', () => (this.#connected = false));
    socket.on('connect', () => {
      this.#connected = true;
      socket.emit('questions:subscribe', { sessionId: this.sessionId }, (ack) => {
        if (!ack.ok) return;
        this.#items = ack.data.items;
        this.#voted = new Set(ack.data.voted);
        this.#loaded = true;
      });
    });
    socket.on('question:approved', (q) => this.#apply(['question:approved', q]));
    socket.on('question:updated', (q) => this.#apply(['question:updated', q]));
    socket.on('question:removed', (e) => this.#apply(['question:removed', e]));
    socket.on('questions:batch', (events) => events.forEach((e) => this.#apply(e)));
    socket.on('question:fate', (e) => {
      if (e.sessionId !== this.sessionId) return;
      this.#setOwn(this.#own.map((q) => (q.id === e.id ? { ...q, status: e.status, mergedInto: e.mergedInto } : q)));
    });
  }

  #apply([event, data]: ResidentEvent): void {
    if (data.sessionId !== this.sessionId) return;
    if (event === 'question:removed') this.#items = this.#items.filter((q) => q.id !== data.id);
    else this.#upsert(data);
  }

  #upsert(change: Partial<PublicQuestion> & { id: number }): void {
    if (change.sessionId !== undefined && change.sessionId !== this.sessionId) return;
    const i = this.#items.findIndex((q) => q.id === change.id);
    if (i === -1) {
      if (change.text !== undefined) this.#items = [...this.#items, change as PublicQuestion];
      return;
    }
    const next = [...this.#items];
    next[i] = { ...next[i]!, ...change };
    // Only one question is on screen at a time.
    if (change.pinned) for (let j = 0; j < next.length; j++) if (j !== i && next[j]!.pinned) next[j] = { ...next[j]!, pinned: false };
    this.#items = next;
  }

  #setOwn(list: OwnQuestion[]): void {
    this.#own = list;
    try {
      window.localStorage.setItem(ownKey(this.sessionId), JSON.stringify(list.slice(0, 20)));
    } catch {
      // kept for this visit only
    }
  }
}

function readOwn(sessionId: number): OwnQuestion[] {
  try {
    const parsed: unknown = JSON.parse(window.localStorage.getItem(ownKey(sessionId)) ?? '[]');
    return Array.isArray(parsed) ? (parsed.filter((q) => typeof q?.id === 'number' && typeof q?.text === 'string') as OwnQuestion[]) : [];
  } catch {
    return [];
  }
}

/** The server knows the fate; localStorage knows questions asked before it answered. */
function mergeOwn(local: OwnQuestion[], server: OwnQuestion[]): OwnQuestion[] {
  const ids = new Set(server.map((q) => q.id));
  return [...server, ...local.filter((q) => !ids.has(q.id))].sort((a, b) => b.id - a.id);
}
