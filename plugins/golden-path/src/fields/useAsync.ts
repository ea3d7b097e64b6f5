import { DependencyList, useEffect, useState } from 'react';

/** The latest result of `load` (re-run when `deps` change); stale answers are dropped. */
export function useAsync<T>(
  load: () => Promise<T> | undefined,
  deps: DependencyList,
): { value?: T; error?: Error; loading: boolean } {
  const [state, setState] = useState<{
    value?: T;
    error?: Error;
    loading: boolean;
  }>({ loading: true });
  useEffect(() => {
    let current = true;
    const pending = load();
    if (!pending) {
      setState({ loading: false });
      return undefined;
    }
    setState(s => ({ value: s.value, loading: true }));
    pending.then(
      value => current && setState({ value, loading: false }),
      error => current && setState({ error, loading: false }),
    );
    return () => {
      current = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps);
  return state;
}
