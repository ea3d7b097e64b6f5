/* eslint-disable jsx-a11y/no-noninteractive-tabindex -- the request is a scrollable block, which must take keyboard focus (WCAG 2.1.1): a focusable region */
import {
  InfoCard,
  Link,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Button from '@material-ui/core/Button';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { useState } from 'react';
import { useParams } from 'react-router-dom';
import useAsync from 'react-use/esm/useAsync';
import { goldenPathApiRef } from '../../api/GoldenPathApi';
import { budgetImpact, money, shortRef, STATUS_LABELS } from './format';

function Row(props: { label: string; children: React.ReactNode }) {
  return (
    <>
      <dt style={{ fontWeight: 600 }}>{props.label}</dt>
      <dd style={{ margin: '0 0 8px 0' }}>{props.children}</dd>
    </>
  );
}

/** One exception: what deviates, cost and budget impact, and, for an approver, the decision. */
export function ExceptionDetail() {
  const { id = '' } = useParams();
  const api = useApi(goldenPathApiRef);
  const [attempt, setAttempt] = useState(0);
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  const [decisionError, setDecisionError] = useState<Error>();
  const loaded = useAsync(() => api.getException(id), [api, id, attempt]);

  if (loaded.loading) return <Progress />;
  if (loaded.error || !loaded.value)
    return (
      <ResponseErrorPanel
        error={loaded.error ?? new Error('not found')}
        title="Could not load the exception"
      />
    );
  const e = loaded.value;
  const decide = async (decision: 'approve' | 'deny') => {
    setBusy(true);
    setDecisionError(undefined);
    try {
      await api.decideException(id, { decision, comment });
      setAttempt(a => a + 1);
    } catch (error) {
      setDecisionError(error as Error);
    } finally {
      setBusy(false);
    }
  };
  return (
    <InfoCard
      title={`${e.kind} “${e.name}” in ${e.environment}`}
      subheader={`${STATUS_LABELS[e.status]} · asked by ${shortRef(
        e.requester,
      )} on ${new Date(e.createdAt).toLocaleString()}`}
    >
      <dl data-testid="gp-exception-detail">
        <Row label="Status">
          <span data-testid="gp-exception-status">
            {STATUS_LABELS[e.status]}
          </span>
        </Row>
        <Row label="What deviates from the policy">
          <ul style={{ margin: 0 }}>
            {e.deviations.map(d => (
              <li key={`${d.ruleId}-${d.field}`}>
                <code>{d.ruleId}</code> {d.field}: {d.message}
              </li>
            ))}
          </ul>
        </Row>
        <Row label="Monthly cost">{money(e.monthlyCost, e.currency)}</Row>
        <Row label={`Budget of ${shortRef(e.owner)}`}>{budgetImpact(e)}</Row>
        <Row label="Justification">{e.justification}</Row>
        <Row label="Duration once approved">{e.durationDays} day(s)</Row>
        <Row label="Approvers">{shortRef(e.approvers)}</Row>
        {e.decidedBy && (
          <Row label="Decision">
            {STATUS_LABELS[e.status === 'denied' ? 'denied' : 'approved']} by{' '}
            {shortRef(e.decidedBy)}
            {e.decidedAt &&
              ` on ${new Date(e.decidedAt).toLocaleString()}`}: {e.comment}
          </Row>
        )}
        {e.expiresAt && (
          <Row label="Usable until">
            {new Date(e.expiresAt).toLocaleString()}
          </Row>
        )}
        {e.usedByTask && (
          <Row label="Used by">
            <Link to={`/create/tasks/${e.usedByTask}`}>run {e.usedByTask}</Link>
          </Row>
        )}
        <Row label="Request">
          <pre
            tabIndex={0}
            role="region"
            aria-label="The request as it will be built"
            style={{ margin: 0, overflowX: 'auto' }}
          >
            {JSON.stringify(e.request, null, 2)}
          </pre>
        </Row>
      </dl>
      {e.status === 'approved' && (
        <Typography variant="body2">
          Run the template again with the same values to use it, once.
        </Typography>
      )}
      {e.canDecide && (
        <div style={{ marginTop: 16 }}>
          <TextField
            id="gp-exception-comment"
            label="Comment for the requester"
            value={comment}
            onChange={ev => setComment(ev.target.value)}
            multiline
            fullWidth
            variant="outlined"
          />
          <div style={{ marginTop: 8, display: 'flex', gap: 8 }}>
            <Button
              variant="contained"
              color="primary"
              disabled={busy || !comment.trim()}
              onClick={() => decide('approve')}
            >
              Approve
            </Button>
            <Button
              variant="outlined"
              disabled={busy || !comment.trim()}
              onClick={() => decide('deny')}
            >
              Deny
            </Button>
          </div>
        </div>
      )}
      {decisionError && (
        <ResponseErrorPanel
          error={decisionError}
          title="The decision was not accepted"
        />
      )}
    </InfoCard>
  );
}
