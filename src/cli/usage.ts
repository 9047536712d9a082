// Help texts and the usage error of the astra-backups CLI.

// Set by the build (tsup `define`) from package.json.
declare const __ASTRA_VERSION__: string | undefined;

/** The package's version, as `astra-backups --version` prints it. */
export const VERSION = typeof __ASTRA_VERSION__ === 'string' ? __ASTRA_VERSION__ : '0.0.0-dev';

export class UsageError extends Error {
  override name = 'UsageError';
}

const CONFIG = `Configuration (flags win over the environment):
  --url URL         Astra base URL            (ASTRA_URL, default https://astra.netapp.io)
  --account ID      Astra account ID          (ASTRA_ACCOUNT_ID)
  --token TOKEN     API token, never printed  (ASTRA_TOKEN)
  --json            print JSON instead of text
  -h, --help        show help
  NODE_EXTRA_CA_CERTS=FILE (or --ca-file FILE) trusts a private CA's certificates (PEM)`;

export const HELP: Record<string, string> = {
  main: `astra-backups: list, create, wait for and delete NetApp Astra Control application backups

Usage: astra-backups <command> [options]

Commands:
  list     list backups (of the account, or of one app)
  get      show one backup
  create   start a backup of an app (--wait to follow it)
  delete   delete (or cancel) a backup
  wait     follow a backup until it completes or fails
  mock     serve the Astra simulator on a port, for a frontend or a test

Run 'astra-backups <command> --help' for a command's options, 'astra-backups --version' for the version.

${CONFIG}

Exit codes: 0 success, 1 API or network error, 2 usage error, 3 backup failed.`,
  list: `Usage: astra-backups list [--app ID] [--include id,name,state] [--limit N] [--json]

List backups, following pages to the end: a table on a terminal, JSON with --json.
  --app ID          only this app's backups
  --include FIELDS  comma-separated fields to show (default id,name,state)
  --limit N         page size asked of the server

${CONFIG}`,
  get: `Usage: astra-backups get ID [--app ID] [--json]

Show one backup.
  --app ID          the app the backup belongs to

${CONFIG}`,
  create: `Usage: astra-backups create --app ID [--name N] [--bucket ID] [--snapshot ID] [--wait] [--timeout S] [--interval S]

Start a backup of an app; print its ID. With --wait, follow it to the end.
  --app ID          the app to back up (required)
  --name N          a DNS-1123 label; the service names it when absent
  --bucket ID       the bucket to store it in
  --snapshot ID     back up this snapshot instead of taking a new one
  --wait            follow the backup with a progress bar until it completes or fails
  --timeout S       with --wait: give up after S seconds (default 3600)
  --interval S      with --wait: first delay between polls (default 2)

${CONFIG}`,
  delete: `Usage: astra-backups delete ID [--app ID] [--yes]

Delete a backup; a running one is cancelled first, a pending one cannot be.
Asks for confirmation on a terminal; elsewhere --yes is required.
  --app ID          the app the backup belongs to
  -y, --yes         do not ask

${CONFIG}`,
  wait: `Usage: astra-backups wait ID [--app ID] [--timeout S] [--interval S]

Follow a backup with a progress bar until it completes (exit 0) or fails (exit 3).
  --app ID          the app the backup belongs to
  --timeout S       give up after S seconds (default 3600)
  --interval S      first delay between polls (default 2)

${CONFIG}`,
};
