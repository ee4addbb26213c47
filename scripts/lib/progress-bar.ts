/** A one-line terminal progress bar with ETA, no dependencies. Off a terminal it prints every 10 %. */
export type ProgressBar = {
  update: (fraction: number, etaSec?: number | null) => void;
  done: (message?: string) => void;
};

export function formatEta(sec: number | null | undefined): string {
  if (sec === null || sec === undefined || !Number.isFinite(sec)) return '--:--';
  const s = Math.max(0, Math.round(sec));
  const h = Math.floor(s / 3600);
  const mm = String(Math.floor((s % 3600) / 60)).padStart(2, '0');
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${mm}:${ss}` : `${mm}:${ss}`;
}

/** The bar as text: "label [#######.............]  35.0 %  ETA 00:12". */
export function renderBar(label: string, fraction: number, etaSec: number | null | undefined, width = 30): string {
  const f = Math.min(1, Math.max(0, Number.isFinite(fraction) ? fraction : 0));
  const filled = Math.round(f * width);
  return `${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(f * 100).toFixed(1).padStart(5)} %  ETA ${formatEta(etaSec)}`;
}

export function createProgressBar(label: string, stream: NodeJS.WriteStream = process.stderr): ProgressBar {
  const tty = stream.isTTY === true;
  let lastDecile = -1;
  let lastDraw = 0;
  return {
    update(fraction, etaSec) {
      if (tty) {
        const now = Date.now();
        if (now - lastDraw < 100 && fraction < 1) return;
        lastDraw = now;
        stream.write(`\r${renderBar(label, fraction, etaSec)}`);
      } else {
        const decile = Math.floor(Math.min(1, fraction) * 10);
        if (decile > lastDecile) {
          lastDecile = decile;
          stream.write(`${renderBar(label, fraction, etaSec)}\n`);
        }
      }
    },
    done(message) {
      if (tty) stream.write(`\r${renderBar(label, 1, 0)}\n`);
      if (message) stream.write(`${message}\n`);
    },
  };
}
