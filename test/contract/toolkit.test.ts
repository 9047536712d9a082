// The requests NetApp's own toolkit makes, replayed raw against the mock: none may
// be refused, and no response may carry a violation.
import { describe, expect, inject, it } from 'vitest';

const ACCOUNT = '9ff53b28-2a88-4b1c-8b4a-2d3c1a4f0b5e';
const APP = '2b7d3f5c-1e8a-4c6b-9d0e-7f1a2b3c4d5e';
const BACKUP = '54fe651d-3d3b-5fa8-b85c-5db757885ff3';
const NIGHTLY = 'c0a8e9f2-5b7d-4e1a-9c3f-2d8b6a4e1f70';
const toolkitHeaders = {
  authorization: 'Bearer toolkit-token',
  'content-type': 'application/astra-appBackup+json',
  accept: 'application/astra-appBackup+json',
};
const typeAndVersion = JSON.stringify({ type: 'application/astra-appBackup', version: '1.1' });

describe("NetApp toolkit's requests against the mock", () => {
  const prismUrl = inject('prismUrl');
  const send = (method: string, path: string, headers: Record<string, string>, body?: string) =>
    fetch(`${prismUrl}/accounts/${ACCOUNT}${path}`, { method, headers, body: body ?? null });

  it('create with its headers and body: 201 in application/astra-appBackup+json, with Location', async () => {
    const response = await send(
      'POST',
      `/k8s/v1/apps/${APP}/appBackups`,
      toolkitHeaders,
      JSON.stringify({ type: 'application/astra-appBackup', version: '1.1', name: 'toolkit-backup' }),
    );
    expect(response.headers.get('sl-violations')).toBeNull();
    expect(response.status).toBe(201);
    expect(response.headers.get('content-type')).toBe('application/astra-appBackup+json');
    expect(response.headers.get('location')).toMatch(/\/appBackups\/[0-9a-f-]{36}$/);
  });

  it('delete on both paths with a {type, version} body: 204', async () => {
    // Completed backups of the nightly app (the static mock answers its example for any app).
    const listed = await send('GET', `/k8s/v1/apps/${NIGHTLY}/appBackups?include=id,name,state`, {
      authorization: 'Bearer toolkit-token',
    });
    const { items } = (await listed.json()) as { items: [string, string, string][] };
    const completed = items.filter(([, , state]) => state === 'completed').map(([id]) => id);
    expect(completed.length).toBeGreaterThan(0);
    for (const path of [
      `/topology/v1/appBackups/${completed[0]}`,
      `/k8s/v1/apps/${NIGHTLY}/appBackups/${completed.at(-1)}`,
    ]) {
      const response = await send('DELETE', path, toolkitHeaders, typeAndVersion);
      expect(response.headers.get('sl-violations'), path).toBeNull();
      expect(response.status, path).toBe(204);
    }
  });

  it.each([`/topology/v1/appBackups`, `/k8s/v1/apps/${APP}/appBackups`])(
    'list %s with include=name,id,state,metadata: 200 application/json',
    async (path) => {
      const response = await send('GET', `${path}?include=name,id,state,metadata`, {
        authorization: 'Bearer toolkit-token',
      });
      expect(response.headers.get('sl-violations')).toBeNull();
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('application/json');
    },
  );

  it('get with Accept: */* answers a declared JSON type, and with the resource type echoes it', async () => {
    const plain = await send('GET', `/topology/v1/appBackups/${BACKUP}`, { authorization: 'Bearer t', accept: '*/*' });
    const typed = await send('GET', `/topology/v1/appBackups/${BACKUP}`, {
      authorization: 'Bearer t',
      accept: 'application/astra-appBackup+json',
    });
    expect([plain.headers.get('sl-violations'), typed.headers.get('sl-violations')]).toEqual([null, null]);
    expect(plain.headers.get('content-type')).toMatch(/^application\/(astra-appBackup\+)?json$/);
    expect(typed.headers.get('content-type')).toBe('application/astra-appBackup+json');
  });
});
