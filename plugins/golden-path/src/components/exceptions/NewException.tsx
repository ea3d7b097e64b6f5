import { InfoCard, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Button from '@material-ui/core/Button';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { goldenPathApiRef } from '../../api/GoldenPathApi';

/** Reads the prefilled request (from a refusal's link) as pretty JSON, or an empty template. */
function initialRequest(raw: string | null): string {
  if (!raw)
    return '{\n  "kind": "",\n  "name": "",\n  "owner": "",\n  "environment": ""\n}';
  try {
    return JSON.stringify(JSON.parse(raw), null, 2);
  } catch {
    return raw;
  }
}

/** Asks for an exception: the refused request, why, and for how many days. */
export function NewException() {
  const api = useApi(goldenPathApiRef);
  const navigate = useNavigate();
  const [search] = useSearchParams();
  const [request, setRequest] = useState(() =>
    initialRequest(search.get('request')),
  );
  const [justification, setJustification] = useState('');
  const [days, setDays] = useState('7');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error>();

  const submit = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const parsed = JSON.parse(request);
      const created = await api.requestException({
        request: parsed,
        justification,
        durationDays: Number(days),
      });
      navigate(`../${created.id}`);
    } catch (e) {
      setError(
        e instanceof SyntaxError
          ? new Error(`The request is not valid JSON: ${e.message}`)
          : (e as Error),
      );
    } finally {
      setBusy(false);
    }
  };
  return (
    <InfoCard title="Ask for an exception">
      <Typography variant="body2" paragraph>
        The approvers of the request’s environment decide. The request is judged
        again as you, and only rules that environment lets approvers except can
        be set aside; an approved exception lets exactly this request through
        once, before it expires.
      </Typography>
      <TextField
        id="gp-exception-request"
        label="Request (JSON)"
        value={request}
        onChange={e => setRequest(e.target.value)}
        multiline
        minRows={6}
        fullWidth
        variant="outlined"
        margin="normal"
        inputProps={{ spellCheck: false, style: { fontFamily: 'monospace' } }}
      />
      <TextField
        id="gp-exception-justification"
        label="Justification (at least 20 characters)"
        value={justification}
        onChange={e => setJustification(e.target.value)}
        multiline
        fullWidth
        variant="outlined"
        margin="normal"
      />
      <TextField
        id="gp-exception-days"
        label="Days once approved"
        type="number"
        value={days}
        onChange={e => setDays(e.target.value)}
        variant="outlined"
        margin="normal"
        inputProps={{ min: 1, max: 90 }}
      />
      <div style={{ marginTop: 8 }}>
        <Button
          variant="contained"
          color="primary"
          disabled={busy || justification.trim().length < 20}
          onClick={submit}
        >
          Ask for the exception
        </Button>
      </div>
      {error && (
        <ResponseErrorPanel
          error={error}
          title="The exception was not asked for"
        />
      )}
    </InfoCard>
  );
}
