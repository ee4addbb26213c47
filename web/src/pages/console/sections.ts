import type { Component } from 'svelte';
import type { Action } from '@server/accounts/roles';
import type { MessageKey } from '../../lib/i18n/catalog';
import AccountsSection from './accounts/AccountsSection.svelte';
import AuditSection from './audit/AuditSection.svelte';
import BodiesSection from './bodies/BodiesSection.svelte';
import JobsSection from './jobs/JobsSection.svelte';
import LiveCaptionsSection from './live-captions/LiveCaptionsSection.svelte';
import MediaSection from './media/MediaSection.svelte';
import QuestionsSection from './questions/QuestionsSection.svelte';
import RecordingsSection from './recordings/RecordingsSection.svelte';
import RetentionSection from './retention/RetentionSection.svelte';
import SessionsSection from './sessions/SessionsSection.svelte';

/** What a section receives: the path below `/console/<id>/`, e.g. `['12']` for `/console/sessions/12`. */
export type ConsoleSectionProps = { rest: readonly string[] };

/**
 * One entry in the console's navigation, shown to accounts whose roles allow `action` for at least one body
 * (the server checks every request again). The shell renders `component` under an h1 with the label, so
 * sections start their own headings at h2. Add yours here, in the order staff should see them.
 */
export type ConsoleSection = {
  /** The URL segment: /console/<id>. */
  id: string;
  labelKey: MessageKey;
  action: Action;
  component: Component<ConsoleSectionProps>;
};

export const consoleSections: readonly ConsoleSection[] = [
  { id: 'sessions', labelKey: 'clerk.title', action: 'sessions.manage', component: SessionsSection },
  { id: 'bodies', labelKey: 'console.bodies.title', action: 'sessions.manage', component: BodiesSection },
  { id: 'recordings', labelKey: 'clerk.recordings', action: 'recordings.manage', component: RecordingsSection },
  { id: 'jobs', labelKey: 'console.jobs.title', action: 'recordings.manage', component: JobsSection },
  { id: 'retention', labelKey: 'console.retention.title', action: 'recordings.manage', component: RetentionSection },
  { id: 'accounts', labelKey: 'console.accounts.title', action: 'accounts.manage', component: AccountsSection },
  { id: 'questions', labelKey: 'questions.mod.heading', action: 'questions.moderate', component: QuestionsSection },
  { id: 'live-captions', labelKey: 'captions.console.title', action: 'captions.live', component: LiveCaptionsSection },
  { id: 'audit', labelKey: 'console.audit.title', action: 'audit.read', component: AuditSection },
  // Admins only (audit.read is theirs alone), as GET /api/media/status is.
  { id: 'media', labelKey: 'console.media.title', action: 'audit.read', component: MediaSection },
];
