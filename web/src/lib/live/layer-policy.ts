/** Which simulcast layer a viewer asks for: as sharp as its player is wide, stepping down on loss. */
export type LayerState = { cap: number; cleanWindows: number; limitedByLoss: boolean };

export const initialLayerState = (viewportLayer: number): LayerState => ({ cap: viewportLayer, cleanWindows: 0, limitedByLoss: false });

/** The layer whose width fits the player: 0 ≈ 320 px, 1 ≈ 640 px, 2 = full. */
export function layerForWidth(cssWidth: number, devicePixelRatio = 1): number {
  const px = cssWidth * devicePixelRatio;
  if (px <= 400) return 0;
  if (px <= 900) return 1;
  return 2;
}

/**
 * One step per measurement window: down a layer when more than 4% of packets were lost; back up one after
 * five windows in a row under 1% loss, so a brief recovery does not flap. Without loss the cap follows the
 * player's size at once (full screen, rotation).
 */
export function nextLayer(state: LayerState, viewportLayer: number, lossRate: number): LayerState {
  if (lossRate > 0.04) {
    return { cap: Math.max(0, Math.min(state.cap, viewportLayer) - 1), cleanWindows: 0, limitedByLoss: true };
  }
  const cleanWindows = lossRate < 0.01 ? state.cleanWindows + 1 : 0;
  if (!state.limitedByLoss) return { cap: viewportLayer, cleanWindows, limitedByLoss: false };
  if (state.cap >= viewportLayer) return { cap: viewportLayer, cleanWindows, limitedByLoss: false };
  if (cleanWindows < 5) return { ...state, cleanWindows };
  const cap = state.cap + 1;
  return { cap, cleanWindows: 0, limitedByLoss: cap < viewportLayer };
}
