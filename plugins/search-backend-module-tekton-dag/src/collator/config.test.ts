import { ConfigReader } from '@backstage/config';
import { DEFAULT_SCHEDULE, readScheduleConfig } from './config';

describe('readScheduleConfig', () => {
  it('reads search.collators.tekton-dag.schedule', () => {
    expect(
      readScheduleConfig(
        new ConfigReader({
          search: {
            collators: {
              'tekton-dag': {
                schedule: {
                  frequency: { minutes: 2 },
                  timeout: { minutes: 5 },
                  initialDelay: { seconds: 30 },
                },
              },
            },
          },
        }),
      ),
    ).toEqual({
      frequency: { minutes: 2 },
      timeout: { minutes: 5 },
      initialDelay: { seconds: 30 },
    });
  });

  it('defaults to every 10 minutes', () => {
    expect(readScheduleConfig(new ConfigReader({}))).toBe(DEFAULT_SCHEDULE);
    expect(DEFAULT_SCHEDULE.frequency).toEqual({ minutes: 10 });
  });

  it('says where an invalid schedule is', () => {
    expect(() =>
      readScheduleConfig(
        new ConfigReader({
          search: { collators: { 'tekton-dag': { schedule: { timeout: 5 } } } },
        }),
      ),
    ).toThrow(/search\.collators\.tekton-dag\.schedule/);
  });
});
