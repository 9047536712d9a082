// The Host check of the mock servers (the packaged one and `npm start`'s front): a web page
// can point a name it controls at 127.0.0.1 (DNS rebinding) and drive a developer's mock;
// answering only to the mock's own names and addresses stops that.
import { hostname, networkInterfaces } from 'node:os';

/** True for an address only this machine can reach (127.0.0.0/8, ::1, localhost). */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/**
 * The host names a request may carry in `Host` for a server listening on `host`: the
 * loopback names, the listening address (every interface's address and the machine's
 * name when it listens on all of them), and `extra`.
 */
export function allowedHostNames(host: string, extra: readonly string[] = []): Set<string> {
  const names = new Set(['127.0.0.1', 'localhost', '::1', ...extra.map((h) => h.toLowerCase())]);
  if (host === '0.0.0.0' || host === '::') {
    names.add(hostname().toLowerCase());
    for (const addresses of Object.values(networkInterfaces()))
      for (const address of addresses ?? []) names.add(address.address.toLowerCase());
  } else names.add(host.toLowerCase());
  return names;
}

/** The name part of a `Host` header: `[::1]:4010` → `::1`, `Example.test:80` → `example.test`. */
export function hostNameOf(header: string): string {
  const value = header.trim().toLowerCase();
  if (value.startsWith('[')) return value.slice(1, value.indexOf(']'));
  return value.split(':')[0] ?? '';
}
