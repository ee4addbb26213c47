/** Svelte action: plays `tracks` in a <video> or <audio> element, replacing the stream when they change. */
export function srcObject(node: HTMLMediaElement, tracks: MediaStreamTrack[]) {
  let current: string[] = [];
  const set = (next: MediaStreamTrack[]) => {
    const ids = next.map((t) => t.id);
    if (ids.join() === current.join()) return;
    current = ids;
    node.srcObject = next.length ? new MediaStream(next) : null;
  };
  set(tracks);
  return {
    update: set,
    destroy() {
      node.srcObject = null;
    },
  };
}
