import { describe, expect, it } from 'vitest';
import { createTripAnswers } from './trip-answers.js';

describe('rendered trip answers', () => {
  it('answers only the version it was given, and forgets the least recently used', () => {
    const answers = createTripAnswers(2);
    answers.set('a', 'v1', 'A1');
    expect(answers.get('a', 'v1')).toBe('A1');
    expect(answers.get('a', 'v2')).toBeUndefined();
    answers.set('b', 'v1', 'B1');
    expect(answers.get('a', 'v1')).toBe('A1'); // a is now the most recent
    answers.set('c', 'v1', 'C1');
    expect(answers.get('b', 'v1')).toBeUndefined();
    expect(answers.get('a', 'v1')).toBe('A1');
    expect(answers.get('c', 'v1')).toBe('C1');
    answers.set('a', 'v2', 'A2');
    expect(answers.get('a', 'v1')).toBeUndefined();
    expect(answers.get('a', 'v2')).toBe('A2');
  });
});
