import { EventEmitter } from 'node:events';
import type { AgendaActivated, PublicDecision } from './civic.contract.js';
import type { SessionId } from '../core/ids.js';

type Events = {
  agendaActivated: [e: AgendaActivated & { sessionId: SessionId }];
  decisionRecorded: [e: { sessionId: SessionId; decision: PublicDecision }];
  decisionRemoved: [e: { sessionId: SessionId; decisionId: number }];
};

/** What residents watching a session should hear about at once; the realtime layer forwards it to sockets. */
export class CivicEvents extends EventEmitter<Events> {}

/** Who did a staff action, for the audit log. */
export type Actor = { accountId: number };
