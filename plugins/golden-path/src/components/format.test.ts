import {
  formatHours,
  formatWorkHours,
  formatMoney,
  formatPercent,
  formatSeconds,
  shortRef,
} from './format';

describe('format', () => {
  it.each([
    [0.25, '15 min'],
    [5, '5 h'],
    [47.5, '47.5 h'],
    [72, '3 days'],
    [400, '16.7 days'],
  ])('hours %p → %p', (hours, text) => expect(formatHours(hours)).toBe(text));

  it.each([
    [0.5, '30 min'],
    [60, '60 h'],
    [1234.4, '1,234 h'],
  ])('work hours %p → %p', (hours, text) =>
    expect(formatWorkHours(hours)).toBe(text),
  );

  it.each([
    [null, '—'],
    [42, '42 s'],
    [600, '10 min'],
    [3 * 86400, '3 days'],
  ])('seconds %p → %p', (seconds, text) =>
    expect(formatSeconds(seconds)).toBe(text),
  );

  it('formats money in the configured currency, and survives an unknown code', () => {
    expect(formatMoney(1234.5, 'EUR')).toBe('€1,235');
    expect(formatMoney(1234.5, 'USD')).toBe('$1,235');
    expect(formatMoney(10, 'NOT-A-CODE')).toBe('10 NOT-A-CODE');
  });

  it('shortens refs and formats ratios', () => {
    expect(shortRef('template:default/s3-bucket')).toBe('s3-bucket');
    expect(shortRef('group:team-a/payments')).toBe('team-a/payments');
    expect(formatPercent(0.125)).toBe('12.5%');
  });
});
