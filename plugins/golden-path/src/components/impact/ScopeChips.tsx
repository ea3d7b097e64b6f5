import Chip from '@material-ui/core/Chip';
import CancelIcon from '@material-ui/icons/Cancel';
import { shortRef } from '../format';
import { Period } from './period';

/** The template or team the page is narrowed to, each removable. */
export function ScopeChips(props: {
  period: Period;
  onClear: (key: 'template' | 'owner') => void;
}) {
  const chips = (['template', 'owner'] as const).filter(
    key => props.period[key],
  );
  if (!chips.length) return null;
  return (
    <div
      data-testid="gp-scope"
      style={{ marginTop: 8, display: 'flex', gap: 8 }}
    >
      {chips.map(key => (
        <Chip
          key={key}
          color="primary"
          label={`${key === 'template' ? 'Template' : 'Team'}: ${shortRef(
            props.period[key]!,
          )}`}
          onDelete={() => props.onClear(key)}
          deleteIcon={<CancelIcon data-testid={`gp-scope-clear-${key}`} />}
        />
      ))}
    </div>
  );
}
