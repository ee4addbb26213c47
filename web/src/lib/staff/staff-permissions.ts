/**
 * The server's authorization rule over the shared role table (server/accounts/roles.ts), used only to show
 * or hide controls: the server checks every request itself.
 */
export { grantsAllow, grantsAllowSomewhere, isStaffRole, type Grant } from '@server/accounts/roles';
