import type { Page } from 'playwright-core';

export type IceCandidate = { address: string; port: number; protocol: string; candidateType: string; relayProtocol?: string };
export type SelectedPair = { state: string; local: IceCandidate; remote: IceCandidate; bytesReceived: number };

/**
 * For each open peer connection of the page (see trackPeerConnections), the candidate pair its transport
 * selected, read from getStats (transport.selectedCandidatePairId → candidate-pair → local/remote candidate).
 */
export function selectedPairs(page: Page): Promise<SelectedPair[]> {
  return page.evaluate(async () => {
    const pcs = (window as unknown as { __pcs: RTCPeerConnection[] }).__pcs.filter((pc) => pc.connectionState !== 'closed');
    const out: SelectedPair[] = [];
    for (const pc of pcs) {
      const stats = new Map<string, Record<string, unknown>>();
      (await pc.getStats()).forEach((s: Record<string, unknown>) => stats.set(s.id as string, s));
      const candidate = (id: unknown): IceCandidate => {
        const c = stats.get(id as string) ?? {};
        return {
          address: String(c.address ?? c.ip ?? ''),
          port: Number(c.port ?? 0),
          protocol: String(c.protocol ?? ''),
          candidateType: String(c.candidateType ?? ''),
          relayProtocol: c.relayProtocol === undefined ? undefined : String(c.relayProtocol),
        };
      };
      for (const s of stats.values()) {
        if (s.type !== 'transport' || !s.selectedCandidatePairId) continue;
        const pair = stats.get(s.selectedCandidatePairId as string);
        if (!pair) continue;
        out.push({ state: String(pair.state), local: candidate(pair.localCandidateId), remote: candidate(pair.remoteCandidateId), bytesReceived: Number(pair.bytesReceived ?? 0) });
      }
    }
    return out;
  });
}

/** Every remote candidate the page's peer connections were given (what the server offered). */
export function remoteCandidates(page: Page): Promise<IceCandidate[]> {
  return page.evaluate(async () => {
    const pcs = (window as unknown as { __pcs: RTCPeerConnection[] }).__pcs.filter((pc) => pc.connectionState !== 'closed');
    const out: IceCandidate[] = [];
    for (const pc of pcs) {
      (await pc.getStats()).forEach((c: Record<string, unknown>) => {
        if (c.type !== 'remote-candidate') return;
        out.push({ address: String(c.address ?? c.ip ?? ''), port: Number(c.port ?? 0), protocol: String(c.protocol ?? ''), candidateType: String(c.candidateType ?? '') });
      });
    }
    return out;
  });
}
