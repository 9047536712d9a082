// src/BackupList.stories.tsx: one line per state.
import type { Meta, StoryObj } from '@storybook/react-vite';
import { EXAMPLE_ACCOUNT, EXAMPLE_APPS } from 'astra-app-backups/mock';
import { astraStories } from './astra-stories';
import { BackupList } from './BackupList';

const astra = astraStories();

const meta = {
  component: BackupList,
  tags: ['autodocs'], // a Docs page with every story below, rendered at once
  args: { appId: EXAMPLE_APPS.states },
  parameters: { msw: { handlers: { astra: astra.handlers } } },
} satisfies Meta<typeof BackupList>;
export default meta;
type Story = StoryObj<typeof meta>;

const list = 'listAppBackupsForApp'; // the operation BackupList calls

export const Listed: Story = astra.state();
export const Loading: Story = astra.state((sim) =>
  sim.faults.add({ operationId: list, fault: 'stall', times: 'always' }),
);
export const Empty: Story = astra.state((sim) => sim.load({ accounts: [{ id: EXAMPLE_ACCOUNT, apps: [] }] }));
export const Failing: Story = astra.state((sim) => sim.faults.add({ operationId: list, fault: 503, times: 'always' }));
export const Slow: Story = astra.state((sim) => sim.latency.set({ operationId: list, ms: 3_000 }));
