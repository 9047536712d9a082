// The simulator a UI team can drive: the core's rules, plus what a test needs around
// them. A known start (reset, a seed, fixtures), a look at the state (dump, journal), and
// the states a UI must show on demand (latency, faults, time). The same operations are a
// JS API on the simulator and, in the server modes, HTTP endpoints under /__astra/
// (control-http.ts). Nothing here costs a normal request more than a lookup while no rule
// is set.
import { BackupStore, view } from './backups.js';
import { type ClockState, checkAdvance, checkScale, SimulatorClock } from './clock.js';
import { ControlInputError } from './control-error.js';
import { directOf, type Exchange, type Outcome, type Respond, setDirect } from './exchange.js';
import { type ActiveFault, type FaultRule, faultAnswer, type LatencyRule, type Plan, Rules } from './faults.js';
import { fromRequest, outcomeResponse, toResponse } from './fetch-face.js';
import { checkFixture, dumpFixture, dumpFixtureText, type Fixture, loadFixture } from './fixtures.js';
import { ASTRA_ID as UUID } from './ids.js';
import { Journal, type JournalEntry, type JournalRecord } from './journal.js';
import { checkBackupMs, checkJournalSize, checkSeed, SIMULATOR_LIMITS } from './limits.js';
import type { Answer } from './problems.js';
import { seededRandom } from './random.js';
import { operationOf } from './routes.js';
import {
  type AstraSimulatorCore,
  type AstraSimulatorOptions,
  createSimulatorCore,
  fetchThrough,
  type SimulatorInternals,
} from './simulator.js';

/** Where a seeded simulator's clock starts (any seed): after every seeded backup of the example account. */
export const SEEDED_START = Date.parse('2026-11-02T09:00:00.000Z');
/** The journal keeps bodies up to this many characters (the rest is cut, and said so). */
const JOURNAL_BODY_CHARS = SIMULATOR_LIMITS.journalBodyChars;

/** Options of the control layer, beside the core's. */
export interface ControlOptions {
  /**
   * Fixes generated ids, correlation ids and the clock: it starts frozen at `SEEDED_START`, so
   * that the same requests get byte-identical answers on every run (`time.advance()` moves it,
   * `time.resume()` lets it run); another seed gives other ids. `reset()` goes back to it.
   * @default none: random ids, and the clock is `now` itself
   */
  seed?: string | number;
  /** How many requests the journal keeps, from 0 (none) to 1,000 (`SIMULATOR_LIMITS.journalSize`). @default 100 */
  journalSize?: number;
}

/** The simulator's clock, as a test drives it. */
export interface SimulatorTime {
  /** The simulator's time, in ms since the epoch. */
  now(): number;
  /** Stops the clock: backups stay as they are until it moves. */
  freeze(): void;
  /** Runs the clock again from where it stands. */
  resume(): void;
  /** Moves the clock forward by `ms` (frozen or not), as if that much time had passed. */
  advance(ms: number): void;
  /** `factor` simulated ms per real ms from now on (60: a minute a second). */
  scale(factor: number): void;
  state(): ClockState;
}

/** What control decides for one request arriving at a server that forwards it elsewhere. */
export type Admission =
  | { kind: 'pass' /** Records the answer's status in the journal. */; answered(status: number): void }
  | { kind: 'answer'; response: Response }
  | { kind: 'drop' }
  | { kind: 'stall' };
/** What control decides for one request: as an Admission, with a fault's answer not yet a Response. */
type Decision = Exclude<Admission, { kind: 'answer' }> | { kind: 'answer'; answer: Answer };

/**
 * The simulator `createAstraSimulator()` returns, and the one type to name for it: it answers
 * Fetch Requests (`handle`, `fetch`), and a test or a UI team drives it (reset, fixtures, dump,
 * latency, faults, time, journal). `astraHandlers` (astra-app-backups/msw) takes it.
 */
export interface AstraSimulator extends AstraSimulatorCore {
  /** Back to the seeded start: state, ids, clock, latency and faults, journal. */
  reset(): void;
  /** Loads a fixture (checked against the spec first; a ControlInputError names the bad field): the accounts it names get exactly its state. */
  load(fixture: Fixture | unknown): void;
  /** The state as a fixture that `load` reads back; one account, or every account with state. */
  dump(options?: { accountId?: string }): Fixture;
  latency: {
    /** Delays answers: `{ ms }` or `{ minMs, maxMs }`, for one `operationId` or all; `ms: 0` removes the rule. */
    set(rule: LatencyRule): void;
    list(): LatencyRule[];
    clear(): void;
  };
  faults: {
    /** The next answers of an operation become a status, a dropped connection or a stall. */
    add(rule: FaultRule): ActiveFault;
    list(): ActiveFault[];
    clear(): void;
  };
  time: SimulatorTime;
  journal: {
    /** The last requests, oldest first. */
    entries(): JournalEntry[];
    clear(): void;
  };
}

/** @deprecated Renamed {@link AstraSimulator} (the one simulator type); this name goes in the next minor. */
export type ControlledSimulator = AstraSimulator;

/**
 * Internal (not in the package's API): for the repository's `npm start` in examples mode, where
 * Prism's example mock answers after the simulator's control. `admit` applies latency, faults
 * and the journal to one request; `handleUncontrolled` is the core's answer with no control.
 */
export interface Forwarding {
  admit(request: Request): Promise<Admission>;
  handleUncontrolled(request: Request): Promise<Response>;
}
const forwardings = new WeakMap<AstraSimulator, Forwarding>();

/** The internal forwarding hooks of a simulator made by createControlledSimulator. */
export function forwardingOf(simulator: AstraSimulator): Forwarding | undefined {
  return forwardings.get(simulator);
}

/** A dropped connection (a fault rule, or a stall the client gave up on). */
const DROP: Outcome = Object.freeze({ drop: true });

/** Resolves after `ms`, or as soon as `signal` aborts (true then). */
function pause(ms: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(true);
  return new Promise((resolve) => {
    const done = (aborted: boolean) => {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      resolve(aborted);
    };
    const onAbort = () => done(true);
    const timer = setTimeout(() => done(false), ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** A stall lasts as long as the client waits, up to SIMULATOR_LIMITS.stallMs (then the connection drops). */
const stall = (signal: AbortSignal) => pause(SIMULATOR_LIMITS.stallMs, signal);

/**
 * The body as the journal keeps it: text, cut at JOURNAL_BODY_CHARS. It is read once, and the
 * core reads the same bytes. A body that fails as it is read (a client gone mid-upload) is
 * kept as a note: the core still answers the request, as it answers any body it cannot read.
 */
async function journalBody(exchange: Exchange): Promise<string | null> {
  if (!exchange.hasBody) return null;
  try {
    const { bytes } = await exchange.body();
    if (bytes.byteLength === 0) return null;
    // A UTF-16 unit takes at most 4 bytes: these are enough to tell whether the text is cut.
    const text = new TextDecoder().decode(bytes.subarray(0, 4 * (JOURNAL_BODY_CHARS + 1)));
    return text.length > JOURNAL_BODY_CHARS
      ? `${text.slice(0, JOURNAL_BODY_CHARS)}… (cut at ${JOURNAL_BODY_CHARS} characters)`
      : text;
  } catch (error) {
    return `(the body could not be read: ${error instanceof Error ? error.message : String(error)})`;
  }
}

/** A dump as JSON text, for the control endpoint: written from each backup's text, with no object per backup. */
type DumpText = (accountId: string | undefined) => { text: string[]; accounts: number; backups: number };
const dumpTexts = new WeakMap<object, DumpText>();

/** The dump-as-text of a simulator made here (undefined for a stand-in). */
export const dumpTextOf = (sim: object): DumpText | undefined => dumpTexts.get(sim);

function checkAccountId(accountId: unknown): void {
  if (accountId !== undefined && (typeof accountId !== 'string' || !UUID.test(accountId)))
    throw new ControlInputError(
      'accountId',
      `must be a lowercase UUID (version 4 or 5), got ${JSON.stringify(accountId)}`,
    );
}

/** Creates a simulator with control (the package's `createAstraSimulator`). */
export function createControlledSimulator(
  options: AstraSimulatorOptions & ControlOptions = {},
  internals: SimulatorInternals = {},
): AstraSimulator {
  const { seed: givenSeed, journalSize, ...coreOptions } = options;
  const seed = checkSeed(givenSeed);
  const backupMs = checkBackupMs(coreOptions.backupMs);
  const clock = new SimulatorClock(coreOptions.now ?? Date.now, seed === undefined ? undefined : SEEDED_START);
  let random = seededRandom(seed ?? 0);
  // Unseeded, ids stay random (today's behaviour); seeded, every id comes from the one generator.
  const newId = internals.newId ?? (seed === undefined ? () => crypto.randomUUID() : () => random.uuid());
  const chance = seed === undefined ? Math.random : () => random.next();
  const store = new BackupStore({ backupMs, newId });
  const rules = new Rules(chance);
  const journal = new Journal(checkJournalSize(journalSize), operationOf);
  const core = createSimulatorCore({ ...coreOptions, now: clock.now }, { ...internals, newId, store });

  const found = directOf(core);
  if (!found) throw new Error('the simulator core has no Direct');
  const coreRespond: Respond = found.respond;

  /** The journal entry and the plan for a request whose body (if any) was read for the journal. */
  function decideRead(exchange: Exchange, body: string | null): Decision | Promise<Decision> {
    // Kept raw: the journal redacts and formats when it is read, so that a request pays little for it.
    // Not the request itself: a journal holding 100 Requests slows the garbage collector down.
    const entry = journal.add({
      at: clock.now(),
      method: exchange.method,
      url: exchange.url.href,
      headers: exchange.headers,
      body,
      status: null,
    });
    const answered = (status: number) => {
      entry.status = status;
    };
    if (!rules.active()) return { kind: 'pass', answered };
    const plan = rules.plan(operationOf(exchange.method, exchange.url.pathname));
    if (!plan) return { kind: 'pass', answered };
    return applyPlan(plan, entry, answered, exchange);
  }

  async function applyPlan(
    plan: Plan,
    entry: JournalRecord,
    answered: (status: number) => void,
    exchange: Exchange,
  ): Promise<Decision> {
    if (plan.delayMs > 0 && (await pause(plan.delayMs, exchange.signal))) return { kind: 'drop' };
    const fault = plan.fault;
    if (!fault) return { kind: 'pass', answered };
    entry.fault = typeof fault.fault === 'number' ? 'status' : fault.fault;
    if (fault.fault === 'drop' || fault.fault === 'stall') return { kind: fault.fault };
    entry.status = fault.fault;
    return { kind: 'answer', answer: faultAnswer(fault, fault.operationId ?? plan.operationId, newId()) };
  }

  /** Latency, faults and the journal for one request. */
  function decide(exchange: Exchange): Decision | Promise<Decision> {
    // No body to read for the journal: no extra await on the way to the core.
    if (!exchange.hasBody) return decideRead(exchange, null);
    return journalBody(exchange).then((body) => decideRead(exchange, body));
  }

  /** The one way in: control first, then the core. */
  async function respond(exchange: Exchange): Promise<Outcome> {
    const pending = decide(exchange);
    const decision = 'kind' in pending ? pending : await pending;
    switch (decision.kind) {
      case 'answer':
        return { answer: decision.answer, head: exchange.method.toUpperCase() === 'HEAD' };
      // A network error, as MSW's HttpResponse.error(): fetch rejects, a server closes the socket.
      case 'drop':
        return DROP;
      case 'stall':
        await stall(exchange.signal);
        return DROP;
      default: {
        const outcome = await coreRespond(exchange);
        if (!('drop' in outcome)) decision.answered(outcome.answer.status);
        return outcome;
      }
    }
  }

  /** `signal`: when the client is gone (the Request's own, unless a caller holds a stronger one). */
  const handle = async (request: Request, signal: AbortSignal = request.signal): Promise<Response> =>
    outcomeResponse(await respond(fromRequest(request, signal)));

  const time: SimulatorTime = {
    now: clock.now,
    freeze: () => clock.freeze(),
    resume: () => clock.resume(),
    advance: (ms) => clock.advance(checkAdvance(ms, clock.now())),
    scale: (factor) => clock.setScale(checkScale(factor)),
    state: () => clock.state(),
  };

  const simulator: AstraSimulator = {
    handle,
    async fetch(input, init) {
      let signal: AbortSignal | undefined;
      const response = await fetchThrough(
        (request, held) => {
          signal = held;
          return handle(request, held);
        },
        input,
        init,
      );
      if (response.type === 'error') {
        signal?.throwIfAborted();
        // What fetch itself throws when the connection is lost.
        throw new TypeError('fetch failed', {
          cause: new Error('the simulator dropped the connection (a fault rule)'),
        });
      }
      return response;
    },
    reset() {
      store.reset();
      clock.reset();
      random = seededRandom(seed ?? 0);
      rules.clear();
      journal.reset();
    },
    load(fixture) {
      loadFixture(store, checkFixture(fixture), { t: clock.now(), backupMs, newId });
    },
    dump({ accountId } = {}) {
      checkAccountId(accountId);
      return dumpFixture(store, clock.now(), accountId);
    },
    latency: {
      set: (rule) => rules.setLatency(rule),
      list: () => rules.latency(),
      clear: () => rules.clearLatency(),
    },
    faults: {
      add: (rule) => rules.addFault(rule),
      list: () => rules.faults(),
      clear: () => rules.clearFaults(),
    },
    time,
    journal: { entries: () => journal.entries(), clear: () => journal.clear() },
  };
  dumpTexts.set(simulator, (accountId) => {
    checkAccountId(accountId);
    const t = clock.now();
    return dumpFixtureText(store, t, accountId, (b) => b.final ?? JSON.stringify(view(b, t)));
  });
  setDirect(simulator, { respond, toResponse, handle });
  forwardings.set(simulator, {
    // A copy is read for the journal: the request goes on to Prism's example mock whole.
    async admit(request) {
      const decision = await decide(fromRequest(request.clone(), request.signal));
      return decision.kind === 'answer'
        ? { kind: 'answer', response: await toResponse(decision.answer, request.method.toUpperCase() === 'HEAD') }
        : decision;
    },
    handleUncontrolled: (request) => core.handle(request),
  });
  return simulator;
}
