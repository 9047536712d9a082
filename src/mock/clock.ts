// The simulator's clock: the `now` it was given, which a test or a UI team may freeze,
// move forward or speed up. Backups progress on it, so `advance(10_000)` takes a new
// backup from pending to running without any real wait. Time never goes back: a backup
// that went back to pending after being seen running would be a state Astra never shows.
import { ControlInputError, wholeNumber } from './control-error.js';

/** What the clock does now, as `GET /__astra/time` shows it. */
export interface ClockState {
  /** The simulator's time, as an ISO 8601 instant. */
  now: string;
  frozen: boolean;
  /** Simulated ms per real ms (1: real time). */
  scale: number;
}

/** The largest `scale` taken: a day in under a second of real time. */
export const MAX_SCALE = 100_000;

export class SimulatorClock {
  readonly #base: () => number;
  readonly #start: number | undefined;
  // Simulated time = #at + (base() - #baseAt) * rate; re-anchored on every change.
  #at = 0;
  #baseAt = 0;
  #scale = 1;
  #frozen = false;
  /** True while the clock is `base` itself (no seed, no change): the common case costs one call. */
  #plain = true;

  /** `base` is the real clock; `start`, when given, is where simulated time begins and stands (a seeded run). */
  constructor(base: () => number, start?: number) {
    this.#base = base;
    this.#start = start;
    this.reset();
  }

  readonly now = (): number => {
    if (this.#plain) return this.#base();
    return this.#frozen ? this.#at : this.#at + (this.#base() - this.#baseAt) * this.#scale;
  };

  /**
   * Back to the start at scale 1: real time, or the seeded instant, frozen there (the same
   * requests then get byte-identical answers, to the ms) until the clock is resumed or advanced.
   */
  reset(): void {
    this.#baseAt = this.#base();
    this.#at = this.#start ?? this.#baseAt;
    this.#scale = 1;
    this.#frozen = this.#start !== undefined;
    this.#plain = this.#start === undefined;
  }

  #anchor(): void {
    this.#at = this.now();
    this.#baseAt = this.#base();
    this.#plain = false;
  }

  freeze(): void {
    this.#anchor();
    this.#frozen = true;
  }

  /** Runs again from where it stands (frozen or not), at the current scale. */
  resume(): void {
    this.#anchor();
    this.#frozen = false;
  }

  /** Moves simulated time forward by `ms` (frozen or not). */
  advance(ms: number): void {
    this.#anchor();
    this.#at += ms;
  }

  /** From now on, `factor` simulated ms pass per real ms. */
  setScale(factor: number): void {
    this.#anchor();
    this.#scale = factor;
  }

  state(): ClockState {
    return { now: new Date(this.now()).toISOString(), frozen: this.#frozen, scale: this.#scale };
  }
}

/** The longest single `advance`: ten years. */
export const MAX_ADVANCE_MS = 315_360_000_000;
/** The latest instant the clock reaches: the spec's timestamps have four-digit years. */
export const LATEST_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

/**
 * Checks an `advance` in ms from `now` (the clock's time); ControlInputError names `advanceMs`.
 * Past the year 9999 every timestamp would break the spec, and the clock could not be shown.
 */
export function checkAdvance(ms: unknown, now: number): number {
  const step = wholeNumber(ms, 'advanceMs', 0, MAX_ADVANCE_MS);
  if (now + step > LATEST_MS)
    throw new ControlInputError(
      'advanceMs',
      `would take the clock past 9999-12-31T23:59:59.999Z (the latest time a timestamp of the spec can say); at most ${Math.max(0, LATEST_MS - now)} from now`,
    );
  return step;
}

/** Checks a scale factor; ControlInputError names `scale`. */
export function checkScale(factor: unknown): number {
  if (typeof factor !== 'number' || !(factor > 0 && factor <= MAX_SCALE))
    throw new ControlInputError(
      'scale',
      `must be a number above 0 and up to ${MAX_SCALE}, got ${JSON.stringify(factor)}`,
    );
  return factor;
}
