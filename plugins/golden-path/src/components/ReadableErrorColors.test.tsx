import { renderInTestApp } from '@backstage/test-utils';
import { createTheme } from '@material-ui/core/styles';
import Typography from '@material-ui/core/Typography';
import { screen } from '@testing-library/react';
import { ReadableErrorColors, withReadableErrors } from './ReadableErrorColors';

describe('ReadableErrorColors', () => {
  it("colours error text with the Backstage theme's errorText (4.5:1 on white)", async () => {
    await renderInTestApp(
      <>
        <Typography color="error">outside</Typography>
        <ReadableErrorColors>
          <Typography color="error">inside</Typography>
        </ReadableErrorColors>
      </>,
    );
    expect(screen.getByText('inside')).toHaveStyle({
      color: 'rgb(202, 0, 27)',
    });
    expect(screen.getByText('outside')).not.toHaveStyle({
      color: 'rgb(202, 0, 27)',
    });
  });

  it('leaves a theme without errorText as it is', () => {
    const plain = createTheme();
    expect(withReadableErrors(plain)).toBe(plain);
    const backstage = createTheme({
      palette: { errorText: '#CA001B' } as any,
    });
    expect(withReadableErrors(backstage).palette.error.main).toBe('#CA001B');
    expect(withReadableErrors(backstage).palette.error.dark).toBe(
      backstage.palette.error.dark,
    );
  });
});
