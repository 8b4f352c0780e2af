import { MantineProvider } from '@mantine/core';
import { render, screen } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import { createI18n } from '../i18n';
import type { ApiProblem } from '../lib/errors';
import { ErrorAlert } from './ErrorAlert';
import { theme } from './theme';

const problem = (over: Partial<ApiProblem>): ApiProblem => ({ code: 'BAD_USER_INPUT', message: '', retryAfterSeconds: null, errorId: null, reason: null, fields: {}, extensions: {}, ...over });

function show(p: ApiProblem) {
  render(
    <I18nextProvider i18n={createI18n('en')}>
      <MantineProvider theme={theme} env="test">
        <ErrorAlert problem={p} />
      </MantineProvider>
    </I18nextProvider>,
  );
}

describe('ErrorAlert', () => {
  it('bad input on fields: points at the marked fields, with the API’s message beneath', () => {
    show(problem({ message: 'Title is too long', fields: { title: ['maxLength'] } }));
    expect(screen.getByRole('alert')).toHaveTextContent('Please correct the marked fields.');
    expect(screen.getByRole('alert')).toHaveTextContent('Title is too long');
  });

  it('bad input that names no field: says what the API said, not "correct the marked fields"', () => {
    show(problem({ message: 'The case is closed: reopen it first.', reason: 'CASE_CLOSED' }));
    expect(screen.getByRole('alert')).toHaveTextContent('The case is closed: reopen it first.');
    expect(screen.getByRole('alert')).not.toHaveTextContent('Please correct the marked fields.');
  });
});
