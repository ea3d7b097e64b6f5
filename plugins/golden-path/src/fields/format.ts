/** Money as the policy's currency, e.g. "USD 1,234.50". */
export function money(amount: number, currency: string): string {
  if (!Number.isFinite(amount)) return `${currency} ?`;
  return `${currency} ${amount.toLocaleString('en-US', {
    minimumFractionDigits: 2,
    maximumFractionDigits: 2,
  })}`;
}

/** The form's other values (the scaffolder passes every step's data in `formContext.formData`). */
export function formValues(formContext: unknown): Record<string, unknown> {
  const data = (formContext as { formData?: unknown } | undefined)?.formData;
  return data && typeof data === 'object'
    ? (data as Record<string, unknown>)
    : {};
}
