// Mocha root hooks: no test leaves a process or a temporary directory behind.
import { reapAll } from './reaper.js';
import { removeTempDirs } from './temp-dir.js';

export const mochaHooks = {
  afterEach(): void {
    reapAll();
    removeTempDirs();
  },
};
