// Where a seeded simulator's ids and chances come from: a small generator (sfc32) seeded
// from any string or number, so that the same seed gives the same ids on every run and
// in every runtime. Not for anything secret.

/** A deterministic source of numbers and version-4 UUIDs. */
export interface SeededRandom {
  /** A number in [0, 1). */
  next(): number;
  /** A lowercase version-4 UUID. */
  uuid(): string;
}

/** cyrb128: four 32-bit words from a string, to seed sfc32 (a short seed still mixes well). */
function words(text: string): [number, number, number, number] {
  let h1 = 1779033703;
  let h2 = 3144134277;
  let h3 = 1013904242;
  let h4 = 2773480762;
  for (let i = 0; i < text.length; i++) {
    const k = text.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  return [(h1 ^ h2 ^ h3 ^ h4) >>> 0, (h2 ^ h1) >>> 0, (h3 ^ h1) >>> 0, (h4 ^ h1) >>> 0];
}

const HEX = '0123456789abcdef';

/** A generator for `seed`: the same seed, the same sequence. */
export function seededRandom(seed: string | number): SeededRandom {
  let [a, b, c, d] = words(String(seed));
  const word = (): number => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
  // The first outputs of sfc32 still echo the seed: skip them, as its authors advise.
  for (let i = 0; i < 15; i++) word();
  return {
    next: () => word() / 4_294_967_296,
    uuid() {
      let s = '';
      for (let i = 0; i < 4; i++) s += word().toString(16).padStart(8, '0');
      const variant = HEX[8 + (Number.parseInt(s[16] ?? '0', 16) & 3)];
      return `${s.slice(0, 8)}-${s.slice(8, 12)}-4${s.slice(13, 16)}-${variant}${s.slice(17, 20)}-${s.slice(20, 32)}`;
    },
  };
}
