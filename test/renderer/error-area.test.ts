import { describe, expect, test } from 'vitest';
import { ERRORS_SHOWN, StudioErrors, type Problem } from '../../src/renderer/studio/state/errors.svelte';

const problem = (message: string, line: number | null = null): Problem => ({ code: 'host-error', message, line, column: null });

describe('the error area\'s messages', () => {
  test('the same message reported twice is one entry counted ×2, in the newest place', () => {
    const errors = new StudioErrors();
    errors.report(problem('disk full'));
    errors.report(problem('engine slow'));
    errors.report(problem('disk full'));
    expect(errors.list.map((e) => [e.message, e.count ?? 1])).toEqual([['engine slow', 1], ['disk full', 2]]);
  });

  test('messages that differ only in their line are two entries (negative control for the repeat count)', () => {
    const errors = new StudioErrors();
    errors.report(problem('bad row', 3));
    errors.report(problem('bad row', 4));
    expect(errors.list).toHaveLength(2);
    expect(errors.list.every((e) => e.count === undefined)).toBe(true);
  });

  test('a third repeat counts ×3', () => {
    const errors = new StudioErrors();
    for (let i = 0; i < 3; i++) errors.report(problem('disk full'));
    expect(errors.list).toHaveLength(1);
    expect(errors.list[0].count).toBe(3);
  });

  test('the list keeps only the newest few messages', () => {
    const errors = new StudioErrors();
    for (let i = 0; i < ERRORS_SHOWN + 3; i++) errors.report(problem(`message ${i}`));
    expect(errors.list).toHaveLength(ERRORS_SHOWN);
    expect(errors.list.at(-1)?.message).toBe(`message ${ERRORS_SHOWN + 2}`);
    expect(errors.list[0].message).toBe('message 3');
  });

  test('dismiss all empties the list and drops every retry', async () => {
    const errors = new StudioErrors();
    let retried = 0;
    const id = errors.report(problem('bad row', 2), async () => { retried++; });
    errors.report(problem('disk full'));
    errors.dismissAll();
    expect(errors.list).toEqual([]);
    await errors.retry(id);
    expect(retried).toBe(0);
  });

  test('dismissing one message keeps the others', () => {
    const errors = new StudioErrors();
    const first = errors.report(problem('one'));
    errors.report(problem('two'));
    errors.dismiss(first);
    expect(errors.list.map((e) => e.message)).toEqual(['two']);
  });

  test('a repeated message with a retry keeps a working retry', async () => {
    const errors = new StudioErrors();
    let retried = 0;
    errors.report(problem('bad row', 2), async () => { retried++; });
    const id = errors.report(problem('bad row', 2), async () => { retried += 10; });
    expect(errors.list[0].canRetrySkippingBadRows).toBe(true);
    await errors.retry(id);
    expect(retried).toBe(10);
    expect(errors.list).toEqual([]);
  });
});
