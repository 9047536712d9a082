// The code samples of every operation, in one place: curl, the TypeScript SDK and the
// CLI, each written against the mock of `npm start` (http://127.0.0.1:4010 and its
// seeded account). `npm run bundle` puts them in the bundled spec as `x-codeSamples`,
// which the docs page shows; test/docs/code-samples.test.ts runs every one of them
// against the mock, so that no sample in the docs can rot.
import { EXAMPLE_ACCOUNT, EXAMPLE_APPS, EXAMPLE_BACKUP, seedBackups } from './mock/seed.mjs';

export const MOCK_URL = 'http://127.0.0.1:4010';
const APP = EXAMPLE_APPS.shop;
// Deleting needs backups that are not pending: completed nightly ones, a different one per
// sample, so that every sample can run against the same mock.
const deletable = seedBackups()
  .filter((b) => b.appId === EXAMPLE_APPS.nightly && b.fixed.state === 'completed')
  .map((b) => b.id);

const client = `import { createAstraClient } from 'astra-app-backups';

const astra = createAstraClient({
  accountId: '${EXAMPLE_ACCOUNT}',
  token: process.env.ASTRA_TOKEN ?? 'any-token',
  baseUrl: '${MOCK_URL}',
});
`;
const env = `ASTRA_URL=${MOCK_URL} ASTRA_ACCOUNT_ID=${EXAMPLE_ACCOUNT} ASTRA_TOKEN=any-token`;
const curl = (method, path, extra = '') =>
  `curl -s${method === 'GET' ? '' : ` -X ${method}`} -H 'Authorization: Bearer any-token'${extra} \\\n  '${MOCK_URL}/accounts/${EXAMPLE_ACCOUNT}${path}'`;
const createBody = (name) =>
  ` \\\n  -H 'Content-Type: application/astra-appBackup+json' \\\n  -d '{"type":"application/astra-appBackup","version":"1.1","name":"${name}"}'`;

/** operationId -> the samples, as `x-codeSamples` entries ({ lang, label, source }). */
export function codeSamples() {
  const samples = {
    listAppBackups: {
      curl: curl('GET', '/topology/v1/appBackups?include=id,name,state&limit=5'),
      ts: `${client}
// Every backup of the account, page after page, projected on three fields.
for await (const backup of astra.appBackups.list({ include: ['id', 'name', 'state'] })) {
  console.log(backup.id, backup.name, backup.state);
}`,
      cli: `${env} npx astra-backups list`,
    },
    getAppBackup: {
      curl: curl('GET', `/topology/v1/appBackups/${EXAMPLE_BACKUP}`),
      ts: `${client}
const backup = await astra.appBackups.get('${EXAMPLE_BACKUP}');
console.log(backup.state, backup.percentDone);`,
      cli: `${env} npx astra-backups get ${EXAMPLE_BACKUP}`,
    },
    deleteAppBackup: {
      curl: curl('DELETE', `/topology/v1/appBackups/${deletable[0]}`),
      ts: `${client}
await astra.appBackups.delete('${deletable[1]}');
console.log('deleted');`,
      cli: `${env} npx astra-backups delete ${deletable[2]} --yes`,
    },
    listAppBackupsForApp: {
      curl: curl('GET', `/k8s/v1/apps/${APP}/appBackups?include=id,name,state`),
      ts: `${client}
for await (const backup of astra.appBackups.list({ appId: '${APP}' })) {
  console.log(backup.name, backup.state);
}`,
      cli: `${env} npx astra-backups list --app ${APP}`,
    },
    createAppBackupForApp: {
      curl: curl('POST', `/k8s/v1/apps/${APP}/appBackups`, createBody('from-curl')),
      ts: `${client}
const { backup } = await astra.appBackups.create('${APP}', { name: 'from-sdk' });
const done = await astra.appBackups.waitUntilDone(backup.id, {
  onProgress: (b) => console.log(b.state, b.percentDone),
});
console.log(done.state);`,
      cli: `${env} npx astra-backups create --app ${APP} --name from-cli --wait`,
    },
    getAppBackupForApp: {
      curl: curl('GET', `/k8s/v1/apps/${APP}/appBackups/${EXAMPLE_BACKUP}`),
      ts: `${client}
const backup = await astra.appBackups.get('${EXAMPLE_BACKUP}', { appId: '${APP}' });
console.log(backup.name, backup.state);`,
      cli: `${env} npx astra-backups get ${EXAMPLE_BACKUP} --app ${APP}`,
    },
    deleteAppBackupForApp: {
      curl: curl('DELETE', `/k8s/v1/apps/${EXAMPLE_APPS.nightly}/appBackups/${deletable[3]}`),
      ts: `${client}
await astra.appBackups.delete('${deletable[4]}', { appId: '${EXAMPLE_APPS.nightly}' });
console.log('deleted');`,
      cli: `${env} npx astra-backups delete ${deletable[5]} --app ${EXAMPLE_APPS.nightly} --yes`,
    },
  };
  return Object.fromEntries(
    Object.entries(samples).map(([operationId, s]) => [
      operationId,
      [
        { lang: 'Shell', label: 'curl', source: s.curl },
        { lang: 'TypeScript', label: 'TypeScript SDK', source: s.ts },
        { lang: 'Shell', label: 'CLI', source: s.cli },
      ],
    ]),
  );
}
