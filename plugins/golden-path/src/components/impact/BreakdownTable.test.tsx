import { renderInTestApp } from '@backstage/test-utils';
import { fireEvent, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { owners, summary, templates } from '../../__fixtures__/fakeApi';
import { BreakdownTable } from './BreakdownTable';

const cellsOf = (column: number) =>
  within(screen.getByTestId('gp-table-template'))
    .getAllByRole('row')
    .slice(1)
    .map(r => within(r).getAllByRole('cell')[column].textContent);

describe('BreakdownTable', () => {
  it('says which baseline each template row used', async () => {
    await renderInTestApp(
      <BreakdownTable
        by="template"
        items={templates}
        currency="EUR"
        baselines={summary().baselines}
      />,
    );
    const headers = within(screen.getByTestId('gp-table-template'))
      .getAllByRole('columnheader')
      .map(h => h.textContent);
    expect(headers.slice(0, 3)).toEqual([
      'Template',
      'Replaces ticket',
      'Baseline',
    ]);
    expect(cellsOf(0)).toEqual([
      'postgres-database',
      's3-bucket',
      'redis-cache',
    ]);
    expect(cellsOf(2)).toEqual([
      'measured from 42 tickets',
      'template annotations',
      '—',
    ]);
    // The figures behind the label, and why a measured baseline was not used.
    expect(screen.getByText('template annotations')).toHaveAttribute(
      'title',
      '24 h wait (working), 45 min ops per ticket (no tickets of this type imported)',
    );
  });

  it('narrows to a row from the keyboard as well as by a click', async () => {
    const onSelect = jest.fn();
    await renderInTestApp(
      <BreakdownTable
        by="template"
        items={templates}
        currency="EUR"
        onSelect={onSelect}
      />,
    );
    const name = screen.getByRole('button', { name: 's3-bucket' });
    name.focus();
    await userEvent.keyboard('{Enter}');
    expect(onSelect).toHaveBeenCalledTimes(1);
    expect(onSelect).toHaveBeenLastCalledWith('template:default/s3-bucket');
    fireEvent.click(
      within(screen.getByTestId('gp-table-template')).getByText('30 h'),
    );
    expect(onSelect).toHaveBeenLastCalledWith(
      'template:default/postgres-database',
    );
    expect(onSelect).toHaveBeenCalledTimes(2);
  });

  it('marks the sorted column for assistive technology and sorts figures largest first', async () => {
    await renderInTestApp(
      <BreakdownTable by="template" items={templates} currency="EUR" />,
    );
    const table = within(screen.getByTestId('gp-table-template'));
    expect(
      table.getByRole('columnheader', { name: /Ops hours/ }),
    ).toHaveAttribute('aria-sort', 'descending');
    fireEvent.click(table.getByText('Runs'));
    expect(table.getByRole('columnheader', { name: /Runs/ })).toHaveAttribute(
      'aria-sort',
      'descending',
    );
    expect(cellsOf(0)).toEqual([
      's3-bucket',
      'postgres-database',
      'redis-cache',
    ]);
    fireEvent.click(table.getByText('Runs'));
    expect(cellsOf(0)).toEqual([
      'redis-cache',
      'postgres-database',
      's3-bucket',
    ]);
  });

  describe('wider than the page', () => {
    const widths = { scrollWidth: 1400, clientWidth: 1000 };
    beforeEach(() => {
      for (const [key, value] of Object.entries(widths))
        jest
          .spyOn(HTMLElement.prototype, key as 'scrollWidth', 'get')
          .mockReturnValue(value);
    });
    afterEach(() => jest.restoreAllMocks());

    it('scrolls sideways with a visible hint, and takes keyboard focus', async () => {
      await renderInTestApp(
        <BreakdownTable by="owner" items={owners} currency="EUR" />,
      );
      expect(screen.getByTestId('gp-scroll-hint')).toHaveTextContent(
        'More columns to the right: scroll sideways',
      );
      expect(screen.getByTestId('gp-scroll-shade')).toBeInTheDocument();
      const region = screen.getByRole('region', {
        name: 'By owning team, scrolls sideways',
      });
      expect(region).toHaveAttribute('tabindex', '0');
      expect(region).toHaveStyle({ overflowX: 'auto' });
    });
  });

  it('shows no hint and no extra tab stop when the table fits', async () => {
    await renderInTestApp(
      <BreakdownTable by="owner" items={owners} currency="EUR" />,
    );
    expect(screen.queryByTestId('gp-scroll-hint')).not.toBeInTheDocument();
    expect(screen.queryByRole('region')).not.toBeInTheDocument();
  });
});
