import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../lib/config/config-error.js';
import { loadConfig } from '../../../lib/config/load-config.js';

const minimal = {
  REGION: 'ap-guangzhou',
  INPUT_BUCKET: 'media-1250000000',
  CALLBACK_BASE_URL: 'https://1250000000-abcd1234.ap-guangzhou.tencentscf.com/',
  CALLBACK_SECRET: 'a-very-long-hmac-secret-value-0123456789abcdef',
};

describe('CI_JOBS_PATH', () => {
  it('defaults to /asr_jobs, the CreateSpeechJobs path the project was verified against', () => {
    // Act
    const config = loadConfig(minimal);

    // Assess
    expect(config.ciJobsPath).toBe('/asr_jobs');
  });

  it.each(['/jobs', ' /jobs ', '/asr_jobs'])('accepts %j', (value) => {
    // Act
    const config = loadConfig({ ...minimal, CI_JOBS_PATH: value });

    // Assess
    expect(config.ciJobsPath).toBe(value.trim());
  });

  it('refuses any other path, naming the two it takes', () => {
    // Act
    const error = (() => {
      try {
        loadConfig({ ...minimal, CI_JOBS_PATH: 'jobs' });
      } catch (caught) {
        return caught;
      }
    })();

    // Assess
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toMatchInlineSnapshot(`
      [
        {
          "message": ""jobs" is not a CI speech-job path; use /asr_jobs (CreateSpeechJobs, the default) or /jobs (the current CI documents)",
          "variable": "CI_JOBS_PATH",
        },
      ]
    `);
  });
});
