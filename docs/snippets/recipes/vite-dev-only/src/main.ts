// src/main.ts: the simulator answers in `vite dev` only; a production build holds none of it.
import { createAstraClient } from 'astra-app-backups';

async function start() {
  if (import.meta.env.DEV) {
    // Dynamic imports inside the branch: Vite drops the branch, and with it these modules.
    const { createAstraSimulator } = await import('astra-app-backups/mock');
    const { astraHandlers } = await import('astra-app-backups/msw');
    const { setupWorker } = await import('msw/browser');
    await setupWorker(...astraHandlers(createAstraSimulator(), { baseUrl: '/astra' })).start();
  }
  const astra = createAstraClient({
    accountId: '9ff53b28-2a88-4b1c-8b4a-2d3c1a4f0b5e',
    token: 'any-token',
    baseUrl: '/astra',
  });
  const { items } = await astra.appBackups.listPage({ include: ['name', 'state'] });
  document.body.innerText = items.map((b) => `${b.name}: ${b.state}`).join('\n');
}

start();
