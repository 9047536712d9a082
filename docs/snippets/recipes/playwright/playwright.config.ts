// playwright.config.ts
import { defineConfig, devices } from '@playwright/test';

const port = Number(process.env.PORT ?? 5173);

export default defineConfig({
  testDir: './tests',
  use: { baseURL: `http://localhost:${port}` },
  projects: [{ name: 'chromium', use: { ...devices['Desktop Chrome'] } }],
  // The app's dev server ("dev": "vite" in package.json); each test worker starts its own mock (tests/astra.ts).
  webServer: { command: `npm run dev -- --port ${port} --strictPort`, url: `http://localhost:${port}` },
});
