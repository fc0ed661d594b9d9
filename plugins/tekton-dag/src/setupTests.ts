import '@testing-library/jest-dom';
import { configure } from '@testing-library/react';

// Rendering and typing through the real components takes seconds on a loaded 2-core CI machine:
// Jest's 5 s default failed tests that were only slow.
jest.setTimeout(30_000);
// The same for waiting on the screen (findBy*, waitFor): 1 s failed a live update that arrived
// later on a loaded machine (RunTests' "shows them live once uploaded" in CI). Only a failing
// wait takes longer.
configure({ asyncUtilTimeout: 10_000 });
