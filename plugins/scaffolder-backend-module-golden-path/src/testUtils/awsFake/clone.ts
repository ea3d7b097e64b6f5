/** A deep copy, so nothing a caller holds aliases what the fake holds. */
export const clone = <T>(value: T): T =>
  value === undefined ? value : JSON.parse(JSON.stringify(value));
