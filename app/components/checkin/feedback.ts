import type { ScanAnswerView } from "~/modules/checkin/answer";

/**
 * Sound and vibration for an answer, so staff in a noisy foyer know without reading: one high beep for
 * valid, two middle beeps for already checked in, a long low buzz for refused. Web Audio, no files.
 */
let audio: AudioContext | null = null;

/** Browsers (iOS above all) allow sound only after a tap: call this from one. */
export function unlockSound() {
  audio ??= typeof AudioContext === "undefined" ? null : new AudioContext();
  void audio?.resume();
}

function beep(context: AudioContext, at: number, frequency: number, seconds: number, type: OscillatorType) {
  const oscillator = context.createOscillator();
  const gain = context.createGain();
  oscillator.type = type;
  oscillator.frequency.value = frequency;
  gain.gain.setValueAtTime(0.25, context.currentTime + at);
  gain.gain.setValueAtTime(0, context.currentTime + at + seconds);
  oscillator.connect(gain).connect(context.destination);
  oscillator.start(context.currentTime + at);
  oscillator.stop(context.currentTime + at + seconds + 0.02);
}

export function signal(result: ScanAnswerView["result"]) {
  const pattern = result === "valid" ? [120] : result === "already_checked_in" ? [90, 80, 90] : [500];
  navigator.vibrate?.(pattern);
  if (!audio || audio.state !== "running") return;
  if (result === "valid") beep(audio, 0, 1320, 0.12, "sine");
  else if (result === "already_checked_in") {
    beep(audio, 0, 660, 0.1, "square");
    beep(audio, 0.18, 660, 0.1, "square");
  } else beep(audio, 0, 160, 0.5, "sawtooth");
}
