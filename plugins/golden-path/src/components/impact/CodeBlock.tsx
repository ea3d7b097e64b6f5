/* eslint-disable jsx-a11y/no-noninteractive-tabindex -- a code block may scroll sideways, so it must take keyboard focus (WCAG 2.1.1): a focusable region */
import { CopyTextButton } from '@backstage/core-components';
import { useTheme } from '@material-ui/core/styles';

/**
 * An example to copy, in plain text at full contrast (syntax colours on a light background fall
 * below 4.5:1). It scrolls sideways on narrow screens, so it is a named region that takes focus.
 */
export function CodeBlock(props: { text: string; label: string }) {
  const theme = useTheme();
  return (
    <div style={{ position: 'relative', textAlign: 'left' }}>
      <pre
        tabIndex={0}
        role="region"
        aria-label={props.label}
        data-testid="gp-code-block"
        style={{
          margin: 0,
          padding: '12px 48px 12px 12px',
          overflowX: 'auto',
          background: theme.palette.background.default,
          color: theme.palette.text.primary,
          border: `1px solid ${theme.palette.divider}`,
          borderRadius: theme.shape.borderRadius,
          fontSize: 13,
        }}
      >
        <code>{props.text}</code>
      </pre>
      <div style={{ position: 'absolute', top: 4, right: 4 }}>
        <CopyTextButton text={props.text} aria-label={`Copy ${props.label}`} />
      </div>
    </div>
  );
}
