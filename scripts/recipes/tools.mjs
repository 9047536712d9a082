// The tools each testing recipe (docs/snippets/recipes/<tool>/) is run with, at exact versions:
// each tool's newest release whose `engines` fit Node 20 (checked with `npm view`, 2026-12-06),
// and msw 2.15.0 with msw-storybook-addon 3 (its peer range takes msw 2). ts-jest 29 refuses
// TypeScript 7, so the Jest set pins TypeScript 5.9. @babel/* 8 wants Node 22: ts-jest it is.
const react = ['react@19.3.1', 'react-dom@19.3.1', '@tanstack/react-query@5.108.4'];

export const toolSets = {
  jest: [
    'jest@30.5.2',
    'jest-environment-jsdom@30.5.2',
    'jest-fixed-jsdom@0.0.11',
    'ts-jest@29.4.15',
    'typescript@5.9.3',
    '@types/jest@30.0.0',
    'msw@2.15.0',
    '@testing-library/react@16.3.3',
    '@testing-library/dom@10.4.2',
    '@types/react@19.3.3',
    '@types/react-dom@19.3.0',
    ...react,
  ],
  storybook: [
    'storybook@10.6.9',
    '@storybook/react-vite@10.6.9',
    '@storybook/addon-docs@10.6.9',
    'msw@2.15.0',
    'msw-storybook-addon@3.0.3',
    'vite@8.4.1',
    '@vitejs/plugin-react@6.3.1',
    'typescript@5.9.3',
    '@types/react@19.3.3',
    '@types/react-dom@19.3.0',
    ...react,
  ],
  playwright: ['@playwright/test@1.65.2', 'vite@8.4.1', '@vitejs/plugin-react@6.3.1', 'typescript@5.9.3', ...react],
  // The bench's Vitest side of the component test (bench/recipes.mjs).
  vitest: [
    'vitest@4.1.12',
    'jsdom@29.1.1',
    '@vitejs/plugin-react@6.3.1',
    'msw@2.15.0',
    '@testing-library/react@16.3.3',
    '@testing-library/dom@10.4.2',
    'vite@8.4.1',
    ...react,
  ],
};
