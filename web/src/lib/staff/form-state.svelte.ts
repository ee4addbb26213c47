import { tick } from 'svelte';
import type { z } from 'zod';
import { toApiError, type ApiError } from '../api';
import type { MessageKey } from '../i18n/catalog';

/** What a field shows: a message of ours, or the server's own words for a field it refused. */
export type FieldProblem = MessageKey | { server: string };
export type FieldProblems = Record<string, FieldProblem | null | undefined>;

/** The text to show for a field's problem, in the page's language when it is one of ours. */
export function fieldMessage(i18n: { t: (key: MessageKey) => string }, problem: FieldProblem | null | undefined): string | null {
  if (!problem) return null;
  return typeof problem === 'string' ? i18n.t(problem) : problem.server;
}

/** `key` when `value` fails the contract's `schema` (the server's own rule), else null. */
export function schemaProblem<K extends MessageKey>(schema: z.ZodType, value: unknown, key: K): K | null {
  return schema.safeParse(value).success ? null : key;
}

/** The page's words for a contract's refusal of one field: empty, too long, or otherwise not valid. */
function issueKey(issue: z.core.$ZodIssue, value: unknown): MessageKey {
  if (issue.code === 'too_big') return 'console.field.tooLong';
  const empty = value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
  return empty ? 'console.field.required' : 'console.field.invalid';
}

/**
 * Each field's problem under the contract's `schema` (the server's own rules for the request the form sends):
 * the first issue whose path is the field or inside it ("name.hy" for "name"). Issues of other paths are left
 * to the server's answer.
 */
export function contractProblems(schema: z.ZodType, input: Record<string, unknown>, fields: readonly string[]): FieldProblems {
  const result = schema.safeParse(input);
  if (result.success) return {};
  const found: FieldProblems = {};
  for (const issue of result.error.issues) {
    const path = issue.path.map(String).join('.');
    const field = fields.find((f) => path === f || path.startsWith(`${f}.`));
    if (field && !found[field]) found[field] = issueKey(issue, path.split('.').reduce<unknown>((v, k) => (v as Record<string, unknown> | undefined)?.[k], input));
  }
  return found;
}

/**
 * The problems a server's 400 names field by field: each issue whose path is one of `fields` (or inside one,
 * "grants.0.role" for "grants") shows the server's message beside that field.
 */
export function problemsFromIssues(error: ApiError, fields: readonly string[]): FieldProblems | null {
  const found: FieldProblems = {};
  for (const issue of error.issues) {
    const field = fields.find((f) => issue.path === f || issue.path.startsWith(`${f}.`));
    if (field && !found[field]) found[field] = { server: issue.message };
  }
  return Object.keys(found).length ? found : null;
}

/**
 * One console form: its values, each field's problem (from the contract's rules before sending, from the
 * server's issues after a refusal), the refusal itself and whether it is being sent. `submit` runs the
 * checks, focuses the first marked field when there is one, and otherwise sends.
 */
export class FormState<V extends Record<string, unknown>> {
  values: V;
  problems = $state<FieldProblems>({});
  failure = $state.raw<ApiError | null>(null);
  submitting = $state(false);
  /** The form element, for focusing the first marked field. */
  element: HTMLFormElement | undefined = $state();
  readonly invalid = $derived(Object.values(this.problems).some(Boolean));

  constructor(
    initial: V,
    private readonly options: {
      /** The fields' problems before sending (null or absent: fine). */
      check?: (values: V) => FieldProblems;
      /** The fields a server's issues may name; others stay in the form-wide notice. */
      fields?: readonly string[];
      /** Problems read from a refusal beyond its issues (a conflict's words). */
      fromFailure?: (error: ApiError) => FieldProblems | null;
      /** Whether the form-wide notice shows a refusal whose problems are marked on fields (default: yes). */
      noticeWithFields?: boolean;
    } = {},
  ) {
    this.values = $state(initial);
  }

  /** Sets `problems` from the checks; true when every field is fine. */
  check(): boolean {
    this.problems = this.options.check?.(this.values) ?? {};
    return !this.invalid;
  }

  /** Takes a refusal: the notice shows it, and the fields it names are marked. */
  refused(error: unknown): void {
    const failure = toApiError(error);
    this.failure = failure;
    const found = { ...this.options.fromFailure?.(failure), ...problemsFromIssues(failure, this.options.fields ?? []) };
    if (Object.keys(found).length) {
      if (this.options.noticeWithFields === false) this.failure = null;
      this.problems = found;
      void this.focusFirstProblem();
    }
  }

  async focusFirstProblem(): Promise<void> {
    await tick();
    this.element?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }

  /** The submit handler: check, then `send` once at a time; a refusal lands in `failure` and `problems`. */
  async submit(event: SubmitEvent | undefined, send: (values: V) => Promise<void>): Promise<void> {
    event?.preventDefault();
    if (this.submitting) return;
    this.failure = null;
    if (!this.check()) return this.focusFirstProblem();
    this.submitting = true;
    try {
      await send(this.values);
    } catch (error) {
      this.refused(error);
    } finally {
      this.submitting = false;
    }
  }
}
