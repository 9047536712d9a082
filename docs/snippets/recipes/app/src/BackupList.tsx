// src/BackupList.tsx: one app's backups, with its loading, empty and error states.
import { useQuery } from '@tanstack/react-query';
import { useAstra } from './astra';

export function BackupList({ appId }: { appId: string }) {
  const astra = useAstra();
  // GET /accounts/{account}/k8s/v1/apps/{app}/appBackups: operationId listAppBackupsForApp.
  const backups = useQuery(astra.list({ appId, include: ['id', 'name', 'state'] }));
  if (backups.isPending) return <p>Loading backups…</p>;
  if (backups.isError) return <p role="alert">Backups could not be loaded: {backups.error.message}</p>;
  if (backups.data.items.length === 0) return <p>No backups yet</p>;
  return (
    <ul aria-label="Backups">
      {backups.data.items.map((b) => (
        <li key={b.id}>{`${b.name}: ${b.state}`}</li>
      ))}
    </ul>
  );
}
