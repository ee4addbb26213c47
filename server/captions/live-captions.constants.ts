/** Live captions' limits, without zod: the web app imports them (the contract's schemas use them too). */

/** A caption line is short: what fits on two lines of a phone's overlay. */
export const cueMaxChars = 300;
/** A line can be corrected this long after it was sent, by the person who sent it. */
export const correctionWindowMs = 10_000;
