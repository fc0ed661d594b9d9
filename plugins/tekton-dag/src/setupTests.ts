import '@testing-library/jest-dom';

// Rendering and typing through the real components takes seconds on a loaded 2-core CI machine:
// Jest's 5 s default failed tests that were only slow.
jest.setTimeout(30_000);
