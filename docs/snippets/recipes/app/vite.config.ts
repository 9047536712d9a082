// vite.config.ts: the app's own (Storybook's Vite builder reads it too).
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  plugins: [react()],
  server: {
    // In `vite dev`, the app's '/astra' goes to `npx astra-backups mock` (or your Astra).
    proxy: { '/astra': { target: 'http://127.0.0.1:4010', rewrite: (path) => path.replace(/^\/astra/, '') } },
  },
});
