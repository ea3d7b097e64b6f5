import { Content, ContentHeader, Link } from '@backstage/core-components';
import Button from '@material-ui/core/Button';
import { Route, Routes } from 'react-router-dom';
import { ExceptionDetail } from './ExceptionDetail';
import { ExceptionList } from './ExceptionList';
import { NewException } from './NewException';

/** The exceptions page (under the Impact page): the list, one exception, and the form that asks. */
export function ExceptionsContent() {
  return (
    <Content>
      <div data-testid="gp-exceptions-page">
        <ContentHeader title="Exceptions: approved, time-boxed deviations from the policy">
          <Link to="." style={{ marginRight: 16 }}>
            All exceptions
          </Link>
          <Button component={Link as any} to="new" variant="outlined">
            Ask for an exception
          </Button>
        </ContentHeader>
        <Routes>
          <Route path="/" element={<ExceptionList />} />
          <Route path="new" element={<NewException />} />
          <Route path=":id" element={<ExceptionDetail />} />
        </Routes>
      </div>
    </Content>
  );
}
