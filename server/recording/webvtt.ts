import { plainCueText, readWebVtt, type Cue } from './webvtt.contract.js';

export { WebVttError, type Cue } from './webvtt.contract.js';

/**
 * Checks an uploaded caption file with the rules the console's editor uses (server/recording/webvtt.contract.ts)
 * and returns what its cues say, without markup, for the search index. Throws WebVttError naming the line.
 */
export function parseWebVtt(source: string, maxCues = 20_000): Cue[] {
  return readWebVtt(source, maxCues).map((c) => ({ ...c, text: plainCueText(c.text) }));
}
