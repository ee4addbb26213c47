import { z } from 'zod';

// Forms check input with the server's zod contracts. Zod compiles object parsers with `new Function` unless it
// is jitless, and its probe for that alone is a violation under the strict CSP (script-src without eval).
// This module is imported first by the page that loads contracts (ConsolePage), before any schema is built.
z.config({ jitless: true });
