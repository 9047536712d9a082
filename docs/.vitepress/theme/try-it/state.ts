// What every Try it panel of a tab shares: the target the reader chose, and the tokens they
// typed. Page memory only: a module-level object, gone when the tab closes or reloads. No
// token is ever written to localStorage, sessionStorage, the URL or the console.
import { reactive } from 'vue';

export type TargetKind = 'simulator' | 'local' | 'astra';

export const DEFAULT_LOCAL_URL = 'http://127.0.0.1:4010';
export const DEFAULT_ASTRA_URL = 'https://astra.netapp.io';
/** Where the in-page simulator's requests are addressed: a name that can never resolve (RFC 2606). */
export const SIMULATOR_ORIGIN = 'https://simulator.invalid';

export const target = reactive({
  kind: 'simulator' as TargetKind,
  localUrl: DEFAULT_LOCAL_URL,
  /** Any bearer token passes the local mock; the control token lets this page call its Reset. */
  localToken: 'any-token',
  localControlToken: '',
  astraUrl: DEFAULT_ASTRA_URL,
  astraToken: '',
});

/** What the in-page simulator module gives (loaded on first use: it is most of Try it's weight). */
export interface InPage {
  fetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response>;
  reset(): void;
}

let simulator: Promise<InPage> | undefined;

/** The tab's one simulator, created on first use; later calls get the same one (its state with it). */
export function inPageSimulator(): Promise<InPage> {
  simulator ??= import('./simulator.js').then((m) => m.createInPageSimulator());
  // A failed load may be retried by the next press.
  simulator.catch(() => {
    simulator = undefined;
  });
  return simulator;
}
