import { t } from '../i18n/t.ts';
import { fitWithin, type Size } from '../core/view/geometry.ts';
import type { ShareMode } from '../core/session/sharer-state.ts';
import type { Captured, StartCommand } from './share-session.ts';

/** Enough for sharp text; larger costs bandwidth and encoder time for little gain. */
export const MAX_CAPTURE: Size = { width: 1920, height: 1080 };

export class CaptureError extends Error {
  override name = 'CaptureError';
}

/**
 * Capture runs in the offscreen document. A tab share uses the stream id the service worker got
 * from `tabCapture` (no picker); "a window or screen" asks the browser's own picker.
 */
export async function capture(
  mode: ShareMode,
  streamId: string | null,
  viewport: Size | null,
  sound = false,
): Promise<MediaStream> {
  // Tab capture letterboxes the tab into exactly the size asked for: ask for the tab's own shape.
  const size = viewport ? fitWithin(viewport, MAX_CAPTURE) : MAX_CAPTURE;
  try {
    const stream =
      mode === 'tab'
        ? await navigator.mediaDevices.getUserMedia({
            audio: sound
              ? ({
                  mandatory: { chromeMediaSource: 'tab', chromeMediaSourceId: streamId },
                } as MediaTrackConstraints)
              : false,
            video: {
              // Chrome's legacy tab-capture constraints: the only way to use a tabCapture stream id.
              mandatory: {
                chromeMediaSource: 'tab',
                chromeMediaSourceId: streamId,
                minWidth: size.width,
                maxWidth: size.width,
                minHeight: size.height,
                maxHeight: size.height,
                maxFrameRate: 30,
              },
            } as MediaTrackConstraints,
          })
        : await navigator.mediaDevices.getDisplayMedia({
            // Chrome's picker then offers to share the tab's or the system's sound, and keeps playing
            // it locally (suppressLocalAudioPlayback is false by default).
            audio: sound,
            video: { frameRate: 30, width: { max: MAX_CAPTURE.width }, height: { max: MAX_CAPTURE.height } },
          });
    for (const track of stream.getVideoTracks()) {
      // Remote assist is about reading text: keep it sharp rather than smooth (W3C mst-content-hint).
      track.contentHint = 'detail';
    }
    return stream;
  } catch (error) {
    const name = (error as DOMException)?.name;
    if (name === 'NotAllowedError') {
      throw new CaptureError(t(mode === 'tab' ? 'share.tabNotAllowed' : 'share.pickerCancelled'));
    }
    const reason = String((error as Error)?.message ?? error);
    throw new CaptureError(t(mode === 'tab' ? 'share.tabFailed' : 'share.screenFailed', { reason }));
  }
}

/** What the user picked in the display picker: 'browser' (a tab), 'window' or 'monitor'. */
export const displaySurface = (stream: MediaStream): string | undefined =>
  (stream.getVideoTracks()[0]?.getSettings() as { displaySurface?: string } | undefined)?.displaySurface;

/** Capture for a share, as the session needs it (see `Captured`). */
export async function captureForShare(command: StartCommand): Promise<Captured> {
  const stream = await capture(command.mode, command.streamId, command.viewport, command.sound);
  const track = stream.getVideoTracks()[0];
  const { width = 0, height = 0 } = track?.getSettings() ?? {};
  const playback = command.mode === 'tab' ? keepPlaying(stream) : null;
  return {
    stream,
    width,
    height,
    drawsOnTab: command.mode === 'tab' || displaySurface(stream) === 'browser',
    onEnded: (listener) => track?.addEventListener('ended', listener),
    soundPlayback: () => playback?.state ?? null,
    stop: () => {
      stream.getTracks().forEach((t) => t.stop());
      void playback?.close().catch(() => undefined);
    },
  };
}

/**
 * Tab capture takes the tab's sound away from its own speakers: played back here, the sharer keeps
 * hearing their tab (the Chrome tabCapture guide does the same from its offscreen document).
 */
function keepPlaying(stream: MediaStream): AudioContext | null {
  if (stream.getAudioTracks().length === 0) return null;
  const output = new AudioContext();
  output.createMediaStreamSource(stream).connect(output.destination);
  return output;
}
