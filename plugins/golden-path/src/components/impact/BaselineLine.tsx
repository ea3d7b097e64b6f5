import Typography from '@material-ui/core/Typography';

/** Which ticket baselines a figure rests on; nothing when the backend names none. */
export function BaselineLine(props: { id: string; text: string }) {
  if (!props.text) return null;
  return (
    <Typography
      variant="body2"
      color="textSecondary"
      data-testid={`gp-tile-${props.id}-baseline`}
      style={{ marginTop: 4 }}
    >
      Baseline: {props.text}
    </Typography>
  );
}
