import * as assert from 'node:assert/strict';
import { monthsBefore } from '../../../src/core/impact/calendarMonths';

describe('monthsBefore', () => {
  const iso = (date: Date): string => date.toISOString();
  it('keeps the day of the month, and the time of day', () => {
    assert.equal(iso(monthsBefore(new Date('2026-11-21T08:57:37.123Z'), 12)), '2025-11-21T08:57:37.123Z');
    assert.equal(iso(monthsBefore(new Date('2026-03-15T00:00:00Z'), 1)), '2026-02-15T00:00:00.000Z');
    assert.equal(iso(monthsBefore(new Date('2026-01-10T00:00:00Z'), 13)), '2024-12-10T00:00:00.000Z');
  });

  it('clamps to the last day of a shorter month instead of running into the next one', () => {
    assert.equal(iso(monthsBefore(new Date('2026-03-31T12:00:00Z'), 1)), '2026-02-28T12:00:00.000Z');
    assert.equal(iso(monthsBefore(new Date('2024-03-31T12:00:00Z'), 1)), '2024-02-29T12:00:00.000Z');
    assert.equal(iso(monthsBefore(new Date('2024-02-29T00:00:00Z'), 12)), '2023-02-28T00:00:00.000Z');
    assert.equal(iso(monthsBefore(new Date('2026-05-31T00:00:00Z'), 3)), '2026-02-28T00:00:00.000Z');
    assert.equal(iso(monthsBefore(new Date('2026-07-31T00:00:00Z'), 1)), '2026-06-30T00:00:00.000Z');
  });

  it('reaches back before 1970', () => {
    assert.equal(iso(monthsBefore(new Date('2026-01-01T00:00:00Z'), 60 * 12)), '1966-01-01T00:00:00.000Z');
  });
});
