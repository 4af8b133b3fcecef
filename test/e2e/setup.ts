// A browser, a local CloudBase and many round trips per test, on a machine running other tests at the same time.
// Jest reads testTimeout from the global configuration only, so the e2e project sets its own here.
jest.setTimeout(120_000);
