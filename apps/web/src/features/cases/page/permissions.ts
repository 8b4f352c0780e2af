/**
 * What the viewer may do on a case, as the API says (`Case.viewerCan`). Until the API answers it, every control is
 * shown and the API's refusal (FORBIDDEN, BAD_USER_INPUT) is shown where the person acted: the browser never guesses
 * an access rule.
 */
export interface CasePermissions {
  updateCase: boolean;
  changePhase: boolean;
  escalate: boolean;
  close: boolean;
  reopen: boolean;
  addParticipant: boolean;
  removeParticipant: boolean;
}

const UNKNOWN: CasePermissions = {
  updateCase: true,
  changePhase: true,
  escalate: true,
  close: true,
  reopen: true,
  addParticipant: true,
  removeParticipant: true,
};

/** The API's answer where it gave one; "show it and let the API decide" where it did not. */
export function permissionsOf(viewerCan: Partial<CasePermissions> | null | undefined): CasePermissions {
  return { ...UNKNOWN, ...(viewerCan ?? {}) };
}
