import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route, Routes } from 'react-router-dom';
import { exceptionItem, fakeApi } from '../../__fixtures__/fakeApi';
import { GoldenPathApi, goldenPathApiRef } from '../../api/GoldenPathApi';
import { ImpactPage } from '../ImpactPage';

function renderAt(api: GoldenPathApi, route: string) {
  return renderInTestApp(
    <TestApiProvider apis={[[goldenPathApiRef, api]]}>
      <Routes>
        <Route path="/golden-path/*" element={<ImpactPage />} />
      </Routes>
    </TestApiProvider>,
    { routeEntries: [route] },
  );
}

describe('exceptions page', () => {
  it('lists pending exceptions with what deviates, the cost and the budget impact', async () => {
    const { api, calls } = fakeApi();
    await renderAt(api, '/golden-path/exceptions');
    const link = await screen.findByTestId('gp-exception-exc-1');
    expect(link).toHaveAttribute('href', '/golden-path/exceptions/exc-1');
    const row = within(link.closest('tr')!);
    expect(row.getByText('GP-RDS-INSTANCE-CLASS')).toBeInTheDocument();
    expect(row.getByText('paula.payments')).toBeInTheDocument();
    expect(row.getByText('EUR 270.50/month')).toBeInTheDocument();
    expect(
      row.getByText('EUR 400.00 → EUR 670.50 of EUR 1000.00/month'),
    ).toBeInTheDocument();
    expect(row.getByText('Decide')).toBeInTheDocument();
    expect(calls).toContainEqual({
      method: 'listExceptions',
      extra: { status: 'pending' },
    });
  });

  it('shows the other statuses from the URL', async () => {
    const { api, calls } = fakeApi({
      listExceptions: async () => ({ items: [] }),
    });
    await renderAt(api, '/golden-path/exceptions?status=expired');
    expect(await screen.findByTestId('gp-exceptions-empty')).toHaveTextContent(
      'No expired exceptions.',
    );
    expect(calls).toEqual([]);
  });

  it('lets an approver approve with a comment, then shows the decision', async () => {
    let decided = false;
    const base = fakeApi();
    const decide = jest.fn(base.api.decideException);
    const api: GoldenPathApi = {
      ...base.api,
      decideException: async (id, body) => {
        decided = true;
        return decide(id, body);
      },
      getException: async id =>
        decided
          ? exceptionItem({
              id,
              status: 'approved',
              canDecide: false,
              decidedBy: 'user:default/pat.platform',
              comment: 'For the migration week only.',
              expiresAt: '2026-11-23T09:00:00.000Z',
            })
          : exceptionItem({ id }),
    };
    await renderAt(api, '/golden-path/exceptions/exc-1');
    expect(await screen.findByTestId('gp-exception-status')).toHaveTextContent(
      'Pending',
    );
    expect(
      screen.getByText(/is not allowed in this environment/),
    ).toBeInTheDocument();
    const approve = screen.getByRole('button', { name: 'Approve' });
    expect(approve).toBeDisabled();
    await userEvent.type(
      screen.getByLabelText('Comment for the requester'),
      'For the migration week only.',
    );
    await userEvent.click(approve);
    expect(decide).toHaveBeenCalledWith('exc-1', {
      decision: 'approve',
      comment: 'For the migration week only.',
    });
    await waitFor(() =>
      expect(screen.getByTestId('gp-exception-status')).toHaveTextContent(
        'Approved',
      ),
    );
    expect(screen.queryByRole('button', { name: 'Approve' })).toBeNull();
    expect(screen.getByText(/pat\.platform/)).toBeInTheDocument();
  });

  it('offers no decision to someone who may not decide, and shows a refused decision', async () => {
    const { api } = fakeApi({
      getException: async id => exceptionItem({ id, canDecide: false }),
    });
    await renderAt(api, '/golden-path/exceptions/exc-1');
    await screen.findByTestId('gp-exception-status');
    expect(screen.queryByRole('button', { name: 'Approve' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Deny' })).toBeNull();
  });

  it('asks for an exception from a refusal link: the request prefilled, then the new exception shown', async () => {
    const { api, calls } = fakeApi();
    const request = {
      kind: 'rds-instance',
      name: 'payments-migration-db',
      instanceClass: 'db.m6g.large',
    };
    await renderAt(
      api,
      `/golden-path/exceptions/new?request=${encodeURIComponent(
        JSON.stringify(request),
      )}`,
    );
    const field = (await screen.findByLabelText(
      'Request (JSON)',
    )) as HTMLTextAreaElement;
    expect(JSON.parse(field.value)).toEqual(request);
    const submit = screen.getByRole('button', {
      name: 'Ask for the exception',
    });
    expect(submit).toBeDisabled();
    await userEvent.type(
      screen.getByLabelText('Justification (at least 20 characters)'),
      'Migration week: the import needs more memory.',
    );
    await userEvent.clear(screen.getByLabelText('Days once approved'));
    await userEvent.type(screen.getByLabelText('Days once approved'), '3');
    await userEvent.click(submit);
    expect(calls).toContainEqual({
      method: 'requestException',
      extra: {
        request,
        justification: 'Migration week: the import needs more memory.',
        durationDays: 3,
      },
    });
    await waitFor(() =>
      expect(calls).toContainEqual({
        method: 'getException',
        extra: 'exc-new',
      }),
    );
  });

  it('the Impact page counts exceptions per rule and the approval wait', async () => {
    await renderAt(fakeApi().api, '/golden-path');
    const card = await screen.findByTestId('gp-exceptions-summary');
    expect(card).toHaveTextContent(
      '4 asked for · 2 approved · 1 denied · 1 pending · 1 used · 0 expired',
    );
    expect(card).toHaveTextContent('median 2.5 h, p90 20.0 h over 3 decided');
    expect(within(card).getByText('GP-RDS-STORAGE')).toBeInTheDocument();
  });
});
