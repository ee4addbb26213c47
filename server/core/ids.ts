/** Branded ids: a SessionId cannot be passed where a BodyId is expected. */
declare const brand: unique symbol;
type Brand<T, B extends string> = T & { readonly [brand]: B };

export type BodyId = Brand<number, 'BodyId'>;
export type MemberId = Brand<number, 'MemberId'>;
export type SessionId = Brand<number, 'SessionId'>;
export type AgendaItemId = Brand<number, 'AgendaItemId'>;
export type RecordingId = Brand<number, 'RecordingId'>;
export type AccountId = Brand<number, 'AccountId'>;

export type Lang = 'hy' | 'en' | 'ru';
export const languages: readonly Lang[] = ['hy', 'en', 'ru'];
