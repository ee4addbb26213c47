/** Keeps document.title in step with the page; `get` is reactive, so titles follow language changes. */
export function usePageTitle(get: () => string | null | undefined): void {
  $effect(() => {
    const title = get();
    document.title = title ? `${title} · Nist` : 'Nist';
  });
}
