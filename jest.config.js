/** Two projects: Node code (functions, emulator, integration) and mini-program components in jsdom. */
const tsJest = ['ts-jest', { tsconfig: '<rootDir>/tsconfig.jest.json' }];

module.exports = {
  projects: [
    {
      displayName: 'node',
      testEnvironment: 'node',
      testMatch: ['<rootDir>/{cloudfunctions,emulator,scripts,test}/**/*.test.ts'],
      moduleFileExtensions: ['ts', 'js', 'json'],
      transform: { '^.+\\.ts$': tsJest },
    },
    {
      displayName: 'miniprogram',
      testEnvironment: 'jsdom',
      testMatch: ['<rootDir>/miniprogram/**/__test__/**/*.test.ts'],
      // ts before json: a component path has no extension and index.json sits beside index.ts.
      moduleFileExtensions: ['ts', 'js', 'json'],
      transform: { '^.+\\.ts$': tsJest },
      snapshotSerializers: ['miniprogram-simulate/jest-snapshot-plugin'],
    },
  ],
};
