import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildSubmitXml } from '../../../lib/engines/ci/ci-submit-xml.js';
import { parseCiXml } from '../../../lib/tencent/ci/ci-xml.js';
import { parseJobRequest } from '../../../local/ci/job-request.js';

/** Text that needs escaping in XML, plus unicode; no control characters (XML 1.0 cannot carry them). */
const text = fc
  .array(
    fc.oneof(
      fc.constantFrom('&', '<', '>', '"', "'", ']]>', '&amp;', ' ', '文', 'é', '😀'),
      fc.stringMatching(/^[a-z0-9]{1,3}$/),
    ),
    {
      minLength: 1,
      maxLength: 8,
    },
  )
  .map((parts) => parts.join(''))
  // trimValues: CI values carry no meaningful edge whitespace, and the parser trims it.
  .filter((value) => value.trim() === value);

describe('CI submit XML', () => {
  it('carries object keys, URLs and callback URLs through build and parse unchanged', () => {
    fc.assert(
      fc.property(text, text, text, (object, output, callBack) => {
        // Act
        const xml = buildSubmitXml({
          Input: { Object: object },
          SpeechRecognition: { EngineModelType: '16k_en', ChannelNum: 1 },
          Output: { Region: 'ap-guangzhou', Bucket: 'b-1250000000', Object: output },
          CallBack: callBack,
        });
        const parsed = parseCiXml(xml) as {
          Request: { Input: { Object: string }; Operation: { Output: { Object: string } }; CallBack: string };
        };

        // Assess
        expect(parsed.Request.Input.Object).toBe(object);
        expect(parsed.Request.Operation.Output.Object).toBe(output);
        expect(parsed.Request.CallBack).toBe(callBack);
      }),
      { numRuns: 100 },
    );
  });

  it('carries a key with carriage returns and line feeds to the emulated CI as the same key', () => {
    // Prepare: XML end-of-line handling turns a raw "\r\n" or "\r" into "\n" (XML 1.0 §2.11).
    const keys = [
      'input/a\r\nb.wav',
      'input/a\rb.wav',
      'input/a\nb.wav',
      'input/tab\there.wav',
      'input/&#13;.wav',
    ];

    for (const key of keys) {
      // Act
      const xml = buildSubmitXml({
        Input: { Object: key },
        SpeechRecognition: { EngineModelType: '16k_en', ChannelNum: 1 },
        Output: { Region: 'ap-guangzhou', Bucket: 'b-1250000000', Object: `${key}.txt` },
      });
      const spec = parseJobRequest(Buffer.from(xml), 'jobs');

      // Assess
      expect(xml).not.toContain('\r');
      expect(spec.input).toEqual({ object: key });
      expect(spec.output.object).toBe(`${key}.txt`);
    }
  });
});
