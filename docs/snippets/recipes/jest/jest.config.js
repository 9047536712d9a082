/** @type {import('jest').Config} */
module.exports = {
  // jsdom with Node's fetch, Request, Response, TextEncoder and streams, which MSW needs.
  testEnvironment: 'jest-fixed-jsdom',
  // TypeScript through ts-jest (tsconfig.json); msw's dependencies that ship only ES modules
  // (rettime, until-async, @open-draft/*) are transformed too, the rest of node_modules is not.
  transform: { '^.+\\.m?[tj]sx?$': 'ts-jest' },
  transformIgnorePatterns: ['/node_modules/(?!(rettime|until-async|@open-draft)/)'],
};
