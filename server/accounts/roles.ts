/** The role × action table, shared by the server (enforcement) and the web app (what to show). */

export const roles = ['admin', 'clerk', 'operator', 'moderator', 'archivist', 'captioner', 'interpreter', 'staff'] as const;
export type Role = (typeof roles)[number];

/** What a staff member can do. Body-scoped actions are checked against the body of their target. */
export const actions = {
  'accounts.manage': { scope: 'global', description: 'create accounts, assign roles, reset passwords, disable' },
  'audit.read': { scope: 'global', description: 'read the audit log' },
  'sessions.manage': { scope: 'body', description: 'create and edit bodies, members, sessions, agendas, documents' },
  'agenda.mark': { scope: 'body', description: 'mark the agenda item under discussion during a session' },
  'decisions.record': { scope: 'body', description: 'record decisions and roll-call votes' },
  'broadcast.run': { scope: 'body', description: 'go live, produce media, end a council session' },
  'questions.moderate': { scope: 'body', description: 'approve, reject, merge, answer citizen questions' },
  'recordings.manage': { scope: 'body', description: 'curate and import recordings, edit captions and chapters' },
  'meeting.join': { scope: 'body', description: "join the body's private meetings with camera and microphone" },
  'meeting.host': { scope: 'body', description: 'host a private meeting: mute others, record, end it' },
  'invites.manage': { scope: 'body', description: 'create and revoke meeting invite links' },
  'private.view': { scope: 'body', description: "see the body's private sessions and recordings" },
  'retention.set': { scope: 'body', description: "set how long the body's private recordings are kept before they are deleted" },
  'captions.live': { scope: 'body', description: 'type live caption lines while a session is on air' },
  interpret: { scope: 'body', description: 'go on air as an interpreter (audio in a language) or a sign-language interpreter (camera)' },
} as const;
export type Action = keyof typeof actions;

/** The one authorization table: role × action. Admins hold every action. */
export const permissions: Readonly<Record<Role, readonly Action[]>> = {
  admin: Object.keys(actions) as Action[],
  clerk: ['sessions.manage', 'agenda.mark', 'decisions.record', 'meeting.join', 'meeting.host', 'invites.manage', 'private.view', 'captions.live', 'interpret'],
  operator: ['broadcast.run', 'agenda.mark', 'meeting.join', 'meeting.host', 'invites.manage', 'private.view', 'interpret'],
  moderator: ['questions.moderate', 'private.view'],
  archivist: ['recordings.manage', 'private.view'],
  captioner: ['captions.live'],
  interpreter: ['interpret'],
  staff: ['meeting.join', 'private.view'],
};

/** A role held for one body or (bodyId null) all bodies; roles this version does not know grant nothing. */
export type Grant = { role: string; bodyId: number | null };

export function isStaffRole(value: string): value is Role {
  return (roles as readonly string[]).includes(value);
}

const holds = (grant: Grant, action: Action) => isStaffRole(grant.role) && permissions[grant.role].includes(action);

/**
 * Whether grants allow `action` (on something of `bodyId` for body-scoped actions). A grant without a body
 * covers every body; global actions need a grant without a body.
 */
export function grantsAllow(grants: readonly Grant[], action: Action, bodyId?: number | null): boolean {
  const global = actions[action].scope === 'global';
  return grants.some(
    (g) => holds(g, action) && (g.bodyId === null || (!global && bodyId !== undefined && bodyId !== null && g.bodyId === bodyId)),
  );
}

/** Whether grants allow `action` for at least one body: enough to offer a view that spans bodies. */
export function grantsAllowSomewhere(grants: readonly Grant[], action: Action): boolean {
  const global = actions[action].scope === 'global';
  return grants.some((g) => holds(g, action) && (g.bodyId === null || !global));
}
