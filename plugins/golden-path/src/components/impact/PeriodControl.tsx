import Button from '@material-ui/core/Button';
import ButtonGroup from '@material-ui/core/ButtonGroup';
import Grid from '@material-ui/core/Grid';
import TextField from '@material-ui/core/TextField';
import { useEffect, useState } from 'react';
import { lastDays, Period, PRESETS } from './period';

/** Preset ranges and a custom from–to (inclusive dates). */
export function PeriodControl(props: {
  value: Period;
  onChange: (p: Period) => void;
}) {
  const [draft, setDraft] = useState(props.value);
  useEffect(() => setDraft(props.value), [props.value]);
  const valid = !!draft.from && !!draft.to && draft.from <= draft.to;
  return (
    <Grid container spacing={2} alignItems="center" data-testid="gp-period">
      <Grid item>
        <ButtonGroup size="small" color="primary">
          {PRESETS.map(p => {
            const period = lastDays(p.days);
            const active =
              period.from === props.value.from && period.to === props.value.to;
            return (
              <Button
                key={p.id}
                variant={active ? 'contained' : 'outlined'}
                onClick={() => props.onChange(period)}
              >
                {p.label}
              </Button>
            );
          })}
        </ButtonGroup>
      </Grid>
      <Grid item>
        <TextField
          id="gp-from"
          label="From"
          type="date"
          size="small"
          InputLabelProps={{ shrink: true }}
          inputProps={{ 'data-testid': 'gp-from' }}
          value={draft.from}
          onChange={e => setDraft({ ...draft, from: e.target.value })}
        />
      </Grid>
      <Grid item>
        <TextField
          id="gp-to"
          label="To"
          type="date"
          size="small"
          InputLabelProps={{ shrink: true }}
          inputProps={{ 'data-testid': 'gp-to' }}
          value={draft.to}
          onChange={e => setDraft({ ...draft, to: e.target.value })}
          error={!valid}
          helperText={valid ? undefined : 'From must not be after To'}
        />
      </Grid>
      <Grid item>
        <Button
          variant="outlined"
          size="small"
          disabled={
            !valid ||
            (draft.from === props.value.from && draft.to === props.value.to)
          }
          onClick={() => props.onChange(draft)}
        >
          Apply
        </Button>
      </Grid>
    </Grid>
  );
}
