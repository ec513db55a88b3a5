/**
 * Short tones for the cashier, made with WebAudio (no files to load, nothing for the CSP to allow):
 * a rising pair for success, a low buzz for failure. Noise at a till is normal; being sure without
 * looking at the screen is the point.
 */
let context: AudioContext | null = null;

function tone(frequency: number, startAt: number, duration: number, type: OscillatorType = 'sine'): void {
  if (!context) return;
  const osc = context.createOscillator();
  const gain = context.createGain();
  osc.type = type;
  osc.frequency.value = frequency;
  gain.gain.setValueAtTime(0.0001, startAt);
  gain.gain.exponentialRampToValueAtTime(0.2, startAt + 0.01);
  gain.gain.exponentialRampToValueAtTime(0.0001, startAt + duration);
  osc.connect(gain).connect(context.destination);
  osc.start(startAt);
  osc.stop(startAt + duration + 0.02);
}

export function playFeedback(kind: 'success' | 'failure'): void {
  try {
    context ??= new AudioContext();
    const t = context.currentTime;
    if (kind === 'success') {
      tone(880, t, 0.09);
      tone(1320, t + 0.1, 0.12);
    } else {
      tone(196, t, 0.25, 'square');
    }
  } catch {
    // No audio device: the colour feedback still shows.
  }
}
