import { Theme, ThemeProvider, useTheme } from '@material-ui/core/styles';
import { ReactNode, useMemo } from 'react';

/**
 * Material UI's error red (#f44336) is 3.7:1 on white, below the 4.5:1 that text needs. Backstage
 * themes carry a darker `errorText` for exactly this; inside our components the error colour is it.
 */
export function withReadableErrors(outer: Theme): Theme {
  const errorText = (outer.palette as { errorText?: string }).errorText;
  if (!errorText || outer.palette.error.main === errorText) return outer;
  return {
    ...outer,
    palette: {
      ...outer.palette,
      error: { ...outer.palette.error, main: errorText },
    },
  };
}

/** Our components' subtree, with error text in a colour that can be read. */
export function ReadableErrorColors(props: { children: ReactNode }) {
  const outer = useTheme();
  const theme = useMemo(() => withReadableErrors(outer), [outer]);
  return <ThemeProvider theme={theme}>{props.children}</ThemeProvider>;
}
