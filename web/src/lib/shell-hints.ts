/**
 * What the server said about the page when it sent it (server/http/spa-shell.ts): the path of a live or
 * upcoming council session whose live player the page will open. Only the first page load carries it; a page
 * reached by navigating inside the app compares its own path, so a stale hint is never acted on.
 */
export function shellOpensLivePlayer(pathname: string): boolean {
  const hint = document.querySelector<HTMLMetaElement>('meta[name="nist-live-player"]')?.content;
  return hint !== undefined && decodeURI(hint).replace(/\/$/, '') === pathname.replace(/\/$/, '');
}
