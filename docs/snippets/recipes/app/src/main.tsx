// src/main.tsx
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { createRoot } from 'react-dom/client';
import { BackupList } from './BackupList';

createRoot(document.getElementById('root') as HTMLElement).render(
  <QueryClientProvider client={new QueryClient()}>
    <h1>Backups of the database</h1>
    <BackupList appId="6e1f0c4b-8a2d-4f7e-b3c5-9d0a1e2f3b4c" />
  </QueryClientProvider>,
);
