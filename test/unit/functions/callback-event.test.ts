/**
 * The callback entry answers an event that is not in the function URL's shape with a 400 of its own,
 * before it builds any dependency (no environment is set here, so building them would throw).
 */
import { describe, expect, it } from 'vitest';
import { main } from '../../../functions/callback.js';

describe('the callback entry', () => {
  it.each([
    ['a method that is not text', { httpMethod: 5, body: '' }],
    ['a body that is not text', { httpMethod: 'POST', body: { code: 0 } }],
    ['no object at all', 'POST /'],
  ])('answers 400 to %s, without touching its dependencies', async (_name, event) => {
    // Act
    const answer = await main(event);

    // Assess
    expect(answer.statusCode).toBe(400);
    expect(JSON.parse(answer.body)).toMatchObject({
      code: 400,
      message: expect.stringContaining('function URL'),
    });
  });
});
