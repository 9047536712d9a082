// .storybook/main.ts
import type { StorybookConfig } from '@storybook/react-vite';

const config: StorybookConfig = {
  stories: ['../src/**/*.stories.@(ts|tsx)'],
  addons: ['@storybook/addon-docs', 'msw-storybook-addon'],
  framework: '@storybook/react-vite',
  staticDirs: ['../public'], // MSW's worker script: `npx msw init public/` once
};
export default config;
