/**
 * The configuration the use-case tests run the pipeline with over in-memory ports: the buckets of
 * the integration kit, a function URL and a callback secret that pass the config check.
 */
import { loadConfig } from '../../../lib/config/load-config.js';

export const memoryConfig = loadConfig({
  REGION: 'ap-guangzhou',
  INPUT_BUCKET: 'media-1250000000',
  OUTPUT_BUCKET: 'results-1250000000',
  CALLBACK_BASE_URL: 'https://1250000000-abc.ap-guangzhou.tencentscf.com/',
  CALLBACK_SECRET: '2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae',
});
