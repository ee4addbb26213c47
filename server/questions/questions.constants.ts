/** Values shared by the question form and the server, in a module without zod so the web bundle stays small and CSP-clean. */

/** Length limits, shared by the form and the server. */
export const questionLimits = { textMin: 5, textMax: 500, authorMax: 60, answerMax: 1000, reasonMax: 300 } as const;

/** The header a browser sends its random client id in (kept in localStorage; hashed with a server secret). */
export const clientIdHeader = 'x-nist-client';
