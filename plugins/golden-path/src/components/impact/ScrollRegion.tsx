/* eslint-disable jsx-a11y/no-noninteractive-tabindex -- a region that scrolls sideways must take keyboard focus to be scrolled without a mouse (WCAG 2.1.1) */
import Typography from '@material-ui/core/Typography';
import { useTheme } from '@material-ui/core/styles';
import ArrowForwardIcon from '@material-ui/icons/ArrowForward';
import { ReactNode, useEffect, useRef, useState } from 'react';

interface Overflow {
  scrollable: boolean;
  atEnd: boolean;
}

/** Tracks whether the element is wider than its box, and whether it is scrolled to the end. */
function useOverflow() {
  const ref = useRef<HTMLDivElement>(null);
  const [overflow, setOverflow] = useState<Overflow>({
    scrollable: false,
    atEnd: true,
  });
  useEffect(() => {
    const el = ref.current;
    if (!el) return undefined;
    const measure = () => {
      const next = {
        scrollable: el.scrollWidth > el.clientWidth + 1,
        atEnd: el.scrollLeft + el.clientWidth >= el.scrollWidth - 1,
      };
      setOverflow(prev =>
        prev.scrollable === next.scrollable && prev.atEnd === next.atEnd
          ? prev
          : next,
      );
    };
    measure();
    el.addEventListener('scroll', measure, { passive: true });
    window.addEventListener('resize', measure);
    // The content changes width when rows load or sort, not only when the window resizes.
    const observer =
      typeof ResizeObserver === 'undefined'
        ? undefined
        : new ResizeObserver(measure);
    observer?.observe(el);
    if (el.firstElementChild) observer?.observe(el.firstElementChild);
    return () => {
      el.removeEventListener('scroll', measure);
      window.removeEventListener('resize', measure);
      observer?.disconnect();
    };
  }, []);
  return { ref, ...overflow };
}

/**
 * Content that may be wider than the page (a table with many columns): when it is, it scrolls
 * sideways, says so above it, shades the edge where more columns hide, and takes keyboard focus.
 */
export function ScrollRegion(props: {
  label: string;
  children: ReactNode;
  testId?: string;
}) {
  const theme = useTheme();
  const { ref, scrollable, atEnd } = useOverflow();
  return (
    <div data-testid={props.testId}>
      {scrollable && (
        <Typography
          variant="caption"
          component="p"
          color="textSecondary"
          data-testid="gp-scroll-hint"
          style={{
            display: 'flex',
            alignItems: 'center',
            gap: 4,
            padding: '4px 16px',
          }}
        >
          More columns to the right: scroll sideways (or focus the table and use
          the arrow keys)
          <ArrowForwardIcon fontSize="inherit" aria-hidden />
        </Typography>
      )}
      <div style={{ position: 'relative' }}>
        <div
          ref={ref}
          role={scrollable ? 'region' : undefined}
          aria-label={
            scrollable ? `${props.label}, scrolls sideways` : undefined
          }
          tabIndex={scrollable ? 0 : undefined}
          style={{ overflowX: 'auto', position: 'relative' }}
        >
          {props.children}
        </div>
        {scrollable && !atEnd && (
          <div
            aria-hidden
            data-testid="gp-scroll-shade"
            style={{
              position: 'absolute',
              top: 0,
              right: 0,
              bottom: 0,
              width: 32,
              pointerEvents: 'none',
              background: `linear-gradient(to right, transparent, ${theme.palette.action.selected})`,
            }}
          />
        )}
      </div>
    </div>
  );
}
