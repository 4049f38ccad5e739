import { useEffect, useRef, useState } from 'preact/hooks';
import { failures } from '../core/util/failures.ts';

export interface Sound {
  /** The sharer shares their tab's sound. */
  available: boolean;
  /** It is playing: not muted, and the browser let it play. */
  playing: boolean;
  toggle(): void;
}

/**
 * The shared tab's sound, when the sharer shares it. The picture's video element stays muted, so
 * it always autoplays; the sound plays on an element of its own. A browser that refuses to play
 * sound before the person has clicked anything (a reload) leaves it off until they turn it on.
 */
export function useSound(stream: MediaStream | null): Sound {
  const [available, setAvailable] = useState(false);
  const [muted, setMuted] = useState(false);
  const [refused, setRefused] = useState(false);
  const element = useRef<HTMLAudioElement | null>(null);

  useEffect(() => {
    if (!stream) return;
    const check = () => setAvailable(stream.getAudioTracks().length > 0);
    check();
    stream.addEventListener('addtrack', check);
    stream.addEventListener('removetrack', check);
    return () => {
      stream.removeEventListener('addtrack', check);
      stream.removeEventListener('removetrack', check);
    };
  }, [stream]);

  const play = (audio: HTMLAudioElement) =>
    audio.play().then(
      () => setRefused(false),
      (error: unknown) => {
        // NotAllowedError: no click on this page yet. Anything else is counted.
        if ((error as DOMException)?.name !== 'NotAllowedError') failures.report('sound-play', error);
        setRefused(true);
      },
    );

  useEffect(() => {
    if (!stream || !available) return;
    const audio = (element.current ??= new Audio());
    if (audio.srcObject !== stream) audio.srcObject = stream;
    audio.muted = muted;
    if (!muted) void play(audio);
  }, [stream, available, muted]);

  useEffect(
    () => () => {
      element.current?.pause();
      if (element.current) element.current.srcObject = null;
    },
    [],
  );

  return {
    available,
    playing: available && !muted && !refused,
    toggle() {
      const audio = element.current;
      if (!audio) return;
      // A refused start is retried on this click, which the browser counts as the person's choice.
      if (refused) {
        setMuted(false);
        audio.muted = false;
        void play(audio);
      } else setMuted(!muted);
    },
  };
}
