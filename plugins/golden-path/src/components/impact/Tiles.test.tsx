import { renderInTestApp } from '@backstage/test-utils';
import { screen, within } from '@testing-library/react';
import { summary, ticketTypes } from '../../__fixtures__/fakeApi';
import { Tiles } from './Tiles';

describe('Tiles', () => {
  it('shows money in two parts, each with its formula, and the total', async () => {
    await renderInTestApp(<Tiles summary={summary()} />);
    expect(screen.getByTestId('gp-tile-money-value')).toHaveTextContent(
      '€453,700',
    );
    expect(screen.getByTestId('gp-money-wait')).toHaveTextContent('€448,000');
    expect(screen.getByTestId('gp-money-wait-formula')).toHaveTextContent(
      '5,600 working h × €80/h',
    );
    expect(screen.getByTestId('gp-money-ops')).toHaveTextContent('€5,700');
    expect(screen.getByTestId('gp-money-ops-formula')).toHaveTextContent(
      '60 h × €95/h',
    );
    expect(screen.getByTestId('gp-tile-money')).toHaveTextContent(
      'working hours on the business calendar',
    );
  });

  it('takes the rates and currency from the summary', async () => {
    await renderInTestApp(
      <Tiles
        summary={summary({
          currency: 'USD',
          developerWaitHoursSaved: 312,
          developerWaitMoney: 25740,
          opsHoursSaved: 10,
          opsEffortMoney: 950,
          moneySaved: 26690,
          rates: { developerHourly: 82.5, opsHourly: 95 },
        })}
      />,
    );
    expect(screen.getByTestId('gp-money-wait-formula')).toHaveTextContent(
      '312 working h × $82.50/h',
    );
    expect(screen.getByTestId('gp-money-wait')).toHaveTextContent('$25,740');
    expect(screen.getByTestId('gp-tile-money-value')).toHaveTextContent(
      '$26,690',
    );
  });

  it('says which baseline each figure that depends on one used: measured vs annotations', async () => {
    await renderInTestApp(<Tiles summary={summary()} />);
    for (const id of ['wait', 'ops', 'money'])
      expect(screen.getByTestId(`gp-tile-${id}-baseline`)).toHaveTextContent(
        'Baseline: provision-database measured from 42 tickets; provision-bucket template annotations',
      );
    // Figures that do not rest on a ticket baseline name none.
    expect(
      screen.queryByTestId('gp-tile-tickets-baseline'),
    ).not.toBeInTheDocument();
    const card = within(screen.getByTestId('gp-baselines'));
    expect(
      card.getByTestId('gp-baseline-provision-database'),
    ).toHaveTextContent('measured from 42 tickets');
    expect(card.getByTestId('gp-baseline-provision-bucket')).toHaveTextContent(
      'template annotations',
    );
    expect(
      card.getByText('no tickets of this type imported'),
    ).toBeInTheDocument();
  });

  it('names time-saved and defaults baselines, a single measured ticket, and ops effort from elsewhere', async () => {
    await renderInTestApp(
      <Tiles
        summary={summary({
          baselines: [
            {
              ticketType: 'a',
              templates: [],
              source: 'time-saved',
              tickets: 0,
              waitWorkingHours: 16,
              opsHours: 0.5,
            },
            {
              ticketType: 'b',
              templates: [],
              source: 'defaults',
              tickets: 0,
              waitWorkingHours: 24,
              opsHours: 0.75,
            },
            {
              ticketType: 'c',
              templates: [],
              source: 'measured',
              tickets: 1,
              waitWorkingHours: 3,
              opsHours: 1,
            },
            {
              ticketType: 'd',
              templates: [],
              source: 'measured',
              tickets: 9,
              waitWorkingHours: 3,
              opsHours: 1,
              opsSource: 'annotations',
            },
          ],
        })}
      />,
    );
    expect(screen.getByTestId('gp-tile-wait-baseline')).toHaveTextContent(
      'a backstage.io/time-saved; b goldenPath.metrics defaults; c measured from 1 ticket; d measured from 9 tickets (ops effort: template annotations)',
    );
  });

  it('names ticket types that share a baseline together, and only counts them past three', async () => {
    const annotated = (ticketType: string) => ({
      ticketType,
      templates: [],
      source: 'annotations' as const,
      tickets: 0,
      waitWorkingHours: 16,
      opsHours: 0.5,
    });
    await renderInTestApp(
      <Tiles
        summary={summary({
          baselines: [
            { ...annotated('db'), source: 'measured', tickets: 42 },
            annotated('repo'),
            annotated('secret'),
          ],
        })}
      />,
    );
    expect(screen.getByTestId('gp-tile-money-baseline')).toHaveTextContent(
      'Baseline: db measured from 42 tickets; template annotations (repo, secret)',
    );
    const many = ['a', 'b', 'c', 'd'].map(annotated);
    await renderInTestApp(<Tiles summary={summary({ baselines: many })} />);
    expect(screen.getAllByTestId('gp-tile-ops-baseline')[1]).toHaveTextContent(
      'Baseline: template annotations (4 ticket types)',
    );
  });

  it('shows no baseline line when the backend names none, and the calendar when given', async () => {
    await renderInTestApp(
      <Tiles
        summary={summary({ baselines: [] })}
        calendar={ticketTypes.calendar}
      />,
    );
    expect(
      screen.queryByTestId('gp-tile-wait-baseline'),
    ).not.toBeInTheDocument();
    expect(screen.getByTestId('gp-baselines')).toHaveTextContent(
      'No completed runs in this period',
    );
    expect(screen.getByTestId('gp-calendar')).toHaveTextContent(
      'Developer wait counts working hours only: Mon, Tue, Wed, Thu, Fri from 09:00, 8 h a day (Europe/Berlin), 1 holiday.',
    );
  });
});
