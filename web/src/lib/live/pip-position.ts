/**
 * Where a picture-in-picture sits over the live picture: x and y from 0 (left, top) to 1 (right, bottom) of
 * the room it has to move in, so it stays inside the picture whatever its size or the window's.
 */
export type PipPosition = { x: number; y: number };

const clamp = (v: number) => Math.min(1, Math.max(0, v));
const step = 0.05;
const bigStep = 0.25;

/** The position after an arrow key (Shift: a larger step), or null for any other key. */
export function movePip(from: PipPosition, key: string, large = false): PipPosition | null {
  const d = large ? bigStep : step;
  switch (key) {
    case 'ArrowLeft':
      return { ...from, x: clamp(from.x - d) };
    case 'ArrowRight':
      return { ...from, x: clamp(from.x + d) };
    case 'ArrowUp':
      return { ...from, y: clamp(from.y - d) };
    case 'ArrowDown':
      return { ...from, y: clamp(from.y + d) };
    case 'Home':
      return { x: 0, y: 0 };
    case 'End':
      return { x: 1, y: 1 };
    default:
      return null;
  }
}

/** The position after dragging by `delta` pixels, in a room of `room` pixels (the stage less the PiP's size). */
export function dragPip(from: PipPosition, delta: { dx: number; dy: number }, room: { width: number; height: number }): PipPosition {
  return {
    x: room.width > 0 ? clamp(from.x + delta.dx / room.width) : from.x,
    y: room.height > 0 ? clamp(from.y + delta.dy / room.height) : from.y,
  };
}
