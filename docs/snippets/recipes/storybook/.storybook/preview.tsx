// .storybook/preview.tsx
import type { Preview } from '@storybook/react-vite';
import { mswLoader } from 'msw-storybook-addon/csf3';
import { AstraStory } from '../src/astra-stories';

const preview: Preview = {
  loaders: [mswLoader()], // starts MSW's worker once; installs a story's parameters.msw before it renders
  decorators: [
    // Each story gets its own QueryClient and an Astra client for its own base URL.
    (Story, { parameters }) => (
      <AstraStory baseUrl={parameters.astra?.baseUrl}>
        <Story />
      </AstraStory>
    ),
  ],
};
export default preview;
