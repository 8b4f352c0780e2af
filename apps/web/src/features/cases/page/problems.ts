import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiProblem } from '../../../lib';

/**
 * The message to show on a form field for the API's answer: the validation pipe's constraints (`extensions.fields`,
 * e.g. `diagnosis.what` → `maxLength`) in the reader's language, or a domain refusal that names its field
 * (`extensions.field`, e.g. `reason`) with the API's own localised message.
 */
export function useFieldError(problem: ApiProblem | null): (field: string) => string | undefined {
  const { t } = useTranslation('casePage');
  return useCallback(
    (field: string) => {
      if (!problem) return undefined;
      const constraints = problem.fields[field];
      if (constraints && constraints.length > 0) {
        return constraints.map((name) => t(`validation.${name}`, { defaultValue: t('validation.invalid') })).join(' ');
      }
      if (problem.extensions.field === field) return problem.message;
      return undefined;
    },
    [problem, t],
  );
}

/** Is the problem fully shown on the form's fields (so that no general alert is needed)? */
export function isOnFields(problem: ApiProblem | null, fields: readonly string[]): boolean {
  if (!problem || problem.code !== 'BAD_USER_INPUT') return false;
  const named = [...Object.keys(problem.fields), ...(typeof problem.extensions.field === 'string' ? [problem.extensions.field] : [])];
  return named.length > 0 && named.every((field) => fields.includes(field));
}
