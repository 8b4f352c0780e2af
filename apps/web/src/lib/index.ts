// Infrastructure every feature may use: the session, the API's errors. No GraphQL documents, no components.
export { isAbsent, isCode, problemOf, type ApiProblem } from './errors';
export { SessionContext, useSession, useSessionStatus } from './session-context';
export { Session, SessionError, type SessionStatus } from './session';
export { ViewerContext, useViewer, type Viewer } from './viewer';
