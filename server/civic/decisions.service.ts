import type { z } from 'zod';
import type { createDecisionSchema, PublicDecision, updateDecisionSchema, VoteChoice } from './civic.contract.js';
import type { RepositoriesOf } from '../core/repositories.js';
import type { AuditLog } from '../accounts/audit-log.js';
import type { Decision } from './decisions.repository.js';
import type { Session } from './sessions.repository.js';
import type { CivicEvents } from './civic-events.js';
import { sessionFor, yerevanDate, type Staff } from './civic-access.js';
import { invalidField, notFound } from '../core/errors.js';
import type { AgendaItemId, MemberId, SessionId } from '../core/ids.js';

type Vote = { memberId: number; choice: VoteChoice };
const record = 'decisions.record';

/**
 * Decisions and their roll-call votes. The roll call is the body's members in office on the session's day:
 * votes of anyone else are refused, and a decision recorded with its votes at once must list every one of
 * them, so the tally always adds up to the members (for + against + abstain = present). Every change is
 * audited and announced to the session's viewers.
 */
export class DecisionsService {
  constructor(
    private readonly repos: RepositoriesOf<'agenda' | 'db' | 'decisions' | 'members' | 'recordings' | 'search' | 'sessions'>,
    private readonly events: CivicEvents,
    private readonly trail: AuditLog,
  ) {}

  /** Members who vote on this session's decisions. */
  rollOf(session: Session) {
    return this.repos.members.listInOffice(session.bodyId, yerevanDate(session.startsAt));
  }

  create(actor: Staff, sessionId: SessionId, input: z.output<typeof createDecisionSchema>): PublicDecision {
    const session = sessionFor(this.repos, actor, sessionId, record);
    const { votes, ...fields } = input;
    const decision = this.tx(() => {
      this.checkItem(session, fields.agendaItemId);
      if (votes) this.checkVotes(session, votes, true);
      const created = this.repos.decisions.create({ ...fields, sessionId, agendaItemId: fields.agendaItemId as AgendaItemId | null });
      if (votes) this.repos.decisions.setVotes(created.id, votes as { memberId: MemberId; choice: VoteChoice }[]);
      this.index(created);
      this.audit(actor, 'decision.record', created.id, { sessionId, votes: input.votes?.length ?? 0 });
      return created;
    });
    return this.announce(decision);
  }

  update(actor: Staff, id: number, patch: z.output<typeof updateDecisionSchema>): PublicDecision {
    const { session } = this.decisionFor(actor, id);
    const decision = this.tx(() => {
      if (patch.agendaItemId !== undefined) this.checkItem(session, patch.agendaItemId);
      const updated = this.repos.decisions.update(id, { ...patch, agendaItemId: patch.agendaItemId as AgendaItemId | null | undefined })!;
      this.index(updated);
      this.audit(actor, 'decision.update', id, { fields: Object.keys(patch) });
      return updated;
    });
    return this.announce(decision);
  }

  /** Replaces the whole roll call (every member in office must be listed). */
  setVotes(actor: Staff, id: number, votes: readonly Vote[]): PublicDecision {
    const { session, decision } = this.decisionFor(actor, id);
    this.tx(() => {
      this.checkVotes(session, votes, true);
      this.repos.decisions.clearVotes(id);
      this.repos.decisions.setVotes(id, votes as { memberId: MemberId; choice: VoteChoice }[]);
      this.audit(actor, 'decision.votes', id, { votes: votes.length });
    });
    return this.announce(decision);
  }

  /** One member's vote, as the clerk enters the roll call; viewers see each as it comes in. */
  setVote(actor: Staff, id: number, memberId: number, choice: VoteChoice): PublicDecision {
    const { session, decision } = this.decisionFor(actor, id);
    this.tx(() => {
      this.checkVotes(session, [{ memberId, choice }], false);
      this.repos.decisions.setVotes(id, [{ memberId: memberId as MemberId, choice }]);
      this.audit(actor, 'decision.vote', id, { memberId, choice });
    });
    return this.announce(decision);
  }

  delete(actor: Staff, id: number): void {
    const { session } = this.decisionFor(actor, id);
    this.tx(() => {
      this.repos.decisions.delete(id);
      this.repos.search.remove('decision', id);
      this.audit(actor, 'decision.delete', id, { sessionId: session.id });
    });
    this.events.emit('decisionRemoved', { sessionId: session.id, decisionId: id });
  }

  toPublic(decision: Decision): PublicDecision {
    const rollCall = this.repos.decisions.rollCall(decision.id);
    const votes = { for: 0, against: 0, abstain: 0, absent: 0 };
    for (const v of rollCall) votes[v.choice] += 1;
    const { sessionId: _sessionId, ...rest } = decision;
    return { ...rest, votes, rollCall };
  }

  private decisionFor(actor: Staff, id: number): { decision: Decision; session: Session } {
    const decision = this.repos.decisions.get(id);
    if (!decision) throw notFound(`There is no decision with id ${id}.`);
    return { decision, session: sessionFor(this.repos, actor, decision.sessionId, record) };
  }

  private checkItem(session: Session, itemId: number | null): void {
    if (itemId === null) return;
    if (this.repos.agenda.get(itemId as AgendaItemId)?.sessionId !== session.id) {
      throw invalidField('agendaItemId', `Agenda item ${itemId} is not on this session's agenda.`);
    }
  }

  private checkVotes(session: Session, votes: readonly Vote[], complete: boolean): void {
    const roll = new Map(this.rollOf(session).map((m) => [m.id as number, m.name]));
    const outsider = votes.find((v) => !roll.has(v.memberId));
    if (outsider) throw invalidField('votes', `Member ${outsider.memberId} is not a member of this body in office on the session's day.`);
    if (complete && votes.length !== roll.size) {
      const listed = new Set(votes.map((v) => v.memberId));
      const missing = [...roll].filter(([id]) => !listed.has(id)).map(([, name]) => name);
      throw invalidField('votes', `The roll call must list every member in office (${roll.size}); missing: ${missing.slice(0, 5).join(', ')}.`);
    }
  }

  private index(d: Decision): void {
    const startSec = d.agendaItemId === null ? null : this.chapterStart(d.sessionId, d.agendaItemId);
    this.repos.search.upsert({ kind: 'decision', refId: d.id, sessionId: d.sessionId, title: `${d.number} ${d.title}`, body: d.text, startSec });
  }

  private chapterStart(sessionId: SessionId, itemId: number): number | null {
    const recording = this.repos.sessions.getListRow(sessionId)?.recording;
    if (!recording) return null;
    return this.repos.recordings.chapters(recording.id as never).find((c) => c.agendaItemId === itemId)?.startSec ?? null;
  }

  private announce(decision: Decision): PublicDecision {
    const current = this.repos.decisions.get(decision.id) ?? decision;
    const view = this.toPublic(current);
    // Only people allowed to see the session are in its channels (session:watch checks), so private ones too.
    this.events.emit('decisionRecorded', { sessionId: current.sessionId, decision: view });
    return view;
  }

  private audit(actor: Staff, action: string, decisionId: number, details?: Record<string, unknown>): void {
    this.trail.record(actor, action, `decision:${decisionId}`, details);
  }

  private tx<T>(fn: () => T): T {
    return this.repos.db.transaction(fn)();
  }
}
