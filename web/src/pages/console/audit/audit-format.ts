import type { AuditEntryView } from '@server/accounts/accounts.contract';
import type { I18n } from '../../../lib/i18n/i18n.svelte';
import type { MessageKey } from '../../../lib/i18n/catalog';
import type { ConsoleBodies } from '../console-bodies.svelte';
import { grantLabel } from '../console-format';

/** Actions the log may hold, with their names; an action missing here is shown as its code. */
export const auditActions: Readonly<Record<string, MessageKey>> = {
  'auth.login': 'console.audit.action.auth.login',
  'auth.logout': 'console.audit.action.auth.logout',
  'account.create': 'console.audit.action.account.create',
  'account.roles': 'console.audit.action.account.roles',
  'account.password_reset': 'console.audit.action.account.password_reset',
  'account.update': 'console.audit.action.account.update',
  'account.unlock': 'console.audit.action.account.unlock',
  'invite.create': 'console.audit.action.invite.create',
  'invite.revoke': 'console.audit.action.invite.revoke',
  'stream_key.create': 'console.audit.action.stream_key.create',
  'stream_key.revoke': 'console.audit.action.stream_key.revoke',
  'stream_key.use': 'console.audit.action.stream_key.use',
  'stream_key.refuse': 'console.audit.action.stream_key.refuse',
  'body.create': 'console.audit.action.body.create',
  'body.update': 'console.audit.action.body.update',
  'body.delete': 'console.audit.action.body.delete',
  'body.retention': 'console.audit.action.body.retention',
  'recording.hold': 'console.audit.action.recording.hold',
  'recording.release': 'console.audit.action.recording.release',
  'recording.retention_delete': 'console.audit.action.recording.retention_delete',
  'member.create': 'console.audit.action.member.create',
  'member.update': 'console.audit.action.member.update',
  'member.delete': 'console.audit.action.member.delete',
  'session.create': 'console.audit.action.session.create',
  'session.update': 'console.audit.action.session.update',
  'session.publish': 'console.audit.action.session.publish',
  'session.hide': 'console.audit.action.session.hide',
  'session.delete': 'console.audit.action.session.delete',
  'agenda.create': 'console.audit.action.agenda.create',
  'agenda.update': 'console.audit.action.agenda.update',
  'agenda.delete': 'console.audit.action.agenda.delete',
  'agenda.reorder': 'console.audit.action.agenda.reorder',
  'agenda.activate': 'console.audit.action.agenda.activate',
  'chapters.update': 'console.audit.action.chapters.update',
  'caption.put': 'console.audit.action.caption.put',
  'caption.delete': 'console.audit.action.caption.delete',
  'caption.live': 'console.audit.action.caption.live',
  'decision.record': 'console.audit.action.decision.record',
  'decision.update': 'console.audit.action.decision.update',
  'decision.delete': 'console.audit.action.decision.delete',
  'decision.vote': 'console.audit.action.decision.vote',
  'decision.votes': 'console.audit.action.decision.votes',
  'document.upload': 'console.audit.action.document.upload',
  'document.delete': 'console.audit.action.document.delete',
  'question.approve': 'console.audit.action.question.approve',
  'question.reject': 'console.audit.action.question.reject',
  'question.edit': 'console.audit.action.question.edit',
  'question.merge': 'console.audit.action.question.merge',
  'question.pin': 'console.audit.action.question.pin',
  'question.answer': 'console.audit.action.question.answer',
};

export function actionLabel(i18n: I18n, action: string): string {
  const key = auditActions[action];
  return key ? i18n.t(key) : action;
}

export function actorLabel(i18n: I18n, entry: AuditEntryView): string {
  if (entry.username) return entry.username;
  return entry.accountId === null
    ? i18n.t('console.audit.system')
    : i18n.t('console.audit.unknownAccount', { id: String(entry.accountId) });
}

const targetKeys: Readonly<Record<string, MessageKey>> = {
  session: 'console.audit.target.session',
  invite: 'console.audit.target.invite',
  body: 'console.audit.target.body',
  member: 'console.audit.target.member',
  agenda: 'console.audit.target.agenda',
  decision: 'console.audit.target.decision',
  document: 'console.audit.target.document',
  recording: 'console.audit.target.recording',
  question: 'console.audit.target.question',
};

/** "account anahit" for `account:3`, "session #12" for `session:12`; anything else as stored. */
export function targetLabel(i18n: I18n, target: string, usernames: ReadonlyMap<number, string>): string {
  const match = /^([a-z_]+):(\d+)$/.exec(target);
  if (!match) return target;
  const [, kind = '', idText = ''] = match;
  if (kind === 'account') {
    return i18n.t('console.audit.target.account', { name: usernames.get(Number(idText)) ?? `#${idText}` });
  }
  const key = targetKeys[kind];
  return key ? i18n.t(key, { id: idText }) : target;
}

/** A short line for what changed, for the actions whose details say something a person needs. */
export function detailsLabel(i18n: I18n, bodies: ConsoleBodies, entry: AuditEntryView): string {
  const d = entry.details;
  if (!d) return '';
  const parts: string[] = [];
  if (Array.isArray(d.grants)) {
    for (const g of d.grants as unknown[]) {
      if (typeof g === 'object' && g !== null && 'role' in g) {
        const grant = g as { role: unknown; bodyId?: unknown };
        const bodyId = typeof grant.bodyId === 'number' ? grant.bodyId : null;
        parts.push(grantLabel(i18n, bodies, { role: String(grant.role), bodyId }));
      }
    }
  }
  if (d.disabled === true) parts.push(i18n.t('console.audit.detail.disabled'));
  if (d.disabled === false) parts.push(i18n.t('console.audit.detail.enabled'));
  if (typeof d.displayName === 'string') parts.push(i18n.t('console.audit.detail.renamed', { name: d.displayName }));
  return parts.join('; ');
}
