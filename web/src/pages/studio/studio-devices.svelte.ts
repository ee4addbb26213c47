import type { SfuClient } from '../../lib/live/sfu-client.svelte';

const cameraSize = { width: { ideal: 1280 }, height: { ideal: 720 } };

/**
 * The studio's local devices: the camera and microphone it sends (chosen from the lists the browser offers),
 * a shared screen, and the microphone's mute. Each track is published as soon as it is picked, once the page
 * knows that no encoder is on air (`release`); while an encoder is the session's source (`holdForEncoder`) the
 * page sends nothing of its own, so the operator's webcam and microphone do not join the encoder's picture and
 * sound for residents and in the recording.
 */
export class StudioDevices {
  #cameras = $state.raw<MediaDeviceInfo[]>([]);
  #microphones = $state.raw<MediaDeviceInfo[]>([]);
  #cameraId = $state('');
  #microphoneId = $state('');
  #camera = $state.raw<MediaStreamTrack | null>(null);
  #microphone = $state.raw<MediaStreamTrack | null>(null);
  #screen = $state.raw<MediaStreamTrack | null>(null);
  #micMuted = $state(false);
  #failed = $state(false);
  /** null until the page knows whether an encoder is on air; then whether this page may send its devices. */
  #sending = $state<boolean | null>(null);

  constructor(private readonly client: SfuClient) {}

  get cameras(): MediaDeviceInfo[] { return this.#cameras; }
  get microphones(): MediaDeviceInfo[] { return this.#microphones; }
  get cameraId(): string { return this.#cameraId; }
  get microphoneId(): string { return this.#microphoneId; }
  get camera(): MediaStreamTrack | null { return this.#camera; }
  get microphone(): MediaStreamTrack | null { return this.#microphone; }
  get screen(): MediaStreamTrack | null { return this.#screen; }
  get micMuted(): boolean { return this.#micMuted; }
  /** No camera or microphone could be opened (none, or permission refused). */
  get failed(): boolean { return this.#failed; }
  /** An encoder is on air: the previews stay local, nothing is sent (until the page is opened again). */
  get held(): boolean { return this.#sending === false; }

  /** No encoder on air when the page opened: send the devices (from now on, as they are picked). */
  release(): void {
    if (this.#sending !== null) return;
    this.#sending = true;
    if (this.#camera) void this.client.publish('camera', this.#camera);
    if (this.#microphone) void this.client.publish('microphone', this.#microphone);
  }

  /** An encoder is on air: stop sending this page's devices, for as long as the page is open. */
  async holdForEncoder(): Promise<void> {
    if (this.#sending === false) return;
    const was = this.#sending;
    this.#sending = false;
    if (!was) return;
    for (const source of ['camera', 'microphone', 'screen'] as const) await this.client.unpublish(source).catch(() => undefined);
  }

  async start(): Promise<void> {
    try {
      const stream = await navigator.mediaDevices.getUserMedia({
        video: { ...cameraSize, frameRate: { ideal: 25 } },
        audio: { echoCancellation: true, noiseSuppression: true },
      });
      this.#setCamera(stream.getVideoTracks()[0] ?? null);
      this.#setMicrophone(stream.getAudioTracks()[0] ?? null);
      const devices = await navigator.mediaDevices.enumerateDevices();
      this.#cameras = devices.filter((d) => d.kind === 'videoinput');
      this.#microphones = devices.filter((d) => d.kind === 'audioinput');
    } catch {
      this.#failed = true;
    }
  }

  async chooseCamera(deviceId: string): Promise<void> {
    const s = await navigator.mediaDevices.getUserMedia({ video: { deviceId: { exact: deviceId }, ...cameraSize } });
    this.#setCamera(s.getVideoTracks()[0] ?? null);
  }

  async chooseMicrophone(deviceId: string): Promise<void> {
    const s = await navigator.mediaDevices.getUserMedia({ audio: { deviceId: { exact: deviceId } } });
    this.#setMicrophone(s.getAudioTracks()[0] ?? null);
  }

  async toggleScreen(): Promise<void> {
    if (this.#screen) {
      this.#screen.stop();
      this.#screen = null;
      await this.client.unpublish('screen');
      return;
    }
    const s = await navigator.mediaDevices.getDisplayMedia({ video: { frameRate: { ideal: 15 } }, audio: false }).catch(() => null);
    const track = s?.getVideoTracks()[0];
    if (!track) return;
    this.#screen = track;
    // The browser's own "Stop sharing" bar ends the track.
    track.addEventListener('ended', () => {
      if (this.#screen === track) void this.toggleScreen();
    });
    if (!this.#sending) return;
    await this.client.publish('screen', track);
  }

  async toggleMic(): Promise<void> {
    this.#micMuted = !this.#micMuted;
    await this.client.setPaused('microphone', this.#micMuted);
  }

  /** Stops every local track (the page is leaving). */
  stop(): void {
    for (const t of [this.#camera, this.#microphone, this.#screen]) t?.stop();
  }

  #setCamera(track: MediaStreamTrack | null): void {
    if (this.#camera && this.#camera !== track) this.#camera.stop();
    this.#camera = track;
    this.#cameraId = track?.getSettings().deviceId ?? '';
    if (track && this.#sending) void this.client.publish('camera', track);
  }

  #setMicrophone(track: MediaStreamTrack | null): void {
    if (this.#microphone && this.#microphone !== track) this.#microphone.stop();
    this.#microphone = track;
    this.#microphoneId = track?.getSettings().deviceId ?? '';
    if (track && this.#sending) void this.client.publish('microphone', track);
  }
}
