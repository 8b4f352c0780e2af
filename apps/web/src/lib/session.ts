/**
 * The browser session. The access token lives in this module's memory only (never in storage a script could
 * read later); the refresh token is an HttpOnly cookie scoped to /auth that no script on the page can read. A
 * reload restores the session through POST /auth/refresh; sign-out (here, or wherever the API ends the session)
 * clears it.
 */
export type SessionStatus = 'restoring' | 'signedIn' | 'signedOut';

export interface ApiErrorBody {
  message: string;
  extensions?: { code?: string; retryAfterSeconds?: number; [key: string]: unknown };
}

/** An error answered by /auth/*, in the API's error shape. */
export class SessionError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly retryAfterSeconds: number | null,
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'SessionError';
  }
}

interface TokenAnswer {
  accessToken: string;
  expiresInSeconds: number;
}

type Listener = (status: SessionStatus) => void;

/** Refresh this long before the access token expires, so that requests rarely meet an expired one. */
const REFRESH_MARGIN_SECONDS = 60;

export class Session {
  private token: string | null = null;
  private currentStatus: SessionStatus = 'restoring';
  private readonly listeners = new Set<Listener>();
  private refreshing: Promise<string | null> | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private endedByApi = false;
  private filesFor: { token: string; pending: Promise<void> } | null = null;

  constructor(
    private readonly languageOf: () => string,
    private readonly fetchImpl: typeof fetch = (...args) => fetch(...args),
  ) {}

  get accessToken(): string | null {
    return this.token;
  }

  get status(): SessionStatus {
    return this.currentStatus;
  }

  /**
   * Whether the last session ended on the API's word while signed in (deactivated, signed out elsewhere, a password
   * changed elsewhere), not by signing out here: the sign-in page then says why the person is there.
   */
  get endedElsewhere(): boolean {
    return this.endedByApi;
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async signIn(email: string, password: string): Promise<void> {
    this.accept(await this.post<TokenAnswer>('/auth/login', { email, password }));
  }

  /** At start-up: a session survives a reload when its refresh cookie is still good. */
  async restore(): Promise<void> {
    await this.refresh();
    if (!this.token) this.setStatus('signedOut');
  }

  /**
   * A new access token from the refresh cookie; one request at a time however many callers ask (two requests
   * meeting an expired token must not rotate the refresh token twice). Null when the session has ended.
   */
  refresh(): Promise<string | null> {
    this.refreshing ??= this.post<TokenAnswer>('/auth/refresh', {})
      .then((answer) => {
        this.accept(answer);
        return answer.accessToken;
      })
      .catch((error: unknown) => {
        // The API is unreachable or down: keep the session, the next request tries again.
        if (error instanceof SessionError && (error.code === 'SERVICE_UNAVAILABLE' || error.code === 'NETWORK')) return this.token;
        this.ended();
        return null;
      })
      .finally(() => {
        this.refreshing = null;
      });
    return this.refreshing;
  }

  /**
   * One GraphQL operation without the GraphQL client (which only pages behind sign-in load): for the shell's own
   * small writes, such as the language saved on the profile.
   */
  async graphql<T = unknown>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
    const response = await this.fetchImpl('/graphql', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json', 'accept-language': this.languageOf(), ...(this.token ? { authorization: `Bearer ${this.token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    const payload = (await response.json()) as { data?: T; errors?: ApiErrorBody[] };
    const first = payload.errors?.[0];
    if (first) throw new SessionError(first.extensions?.code ?? 'UNKNOWN', first.message, first.extensions?.retryAfterSeconds ?? null, first.extensions ?? {});
    return payload.data as T;
  }

  /**
   * A file sent to the API (`multipart/form-data`, streamed by the browser), with the access token; refreshed once if
   * it had expired. The API's refusal is thrown as a SessionError (its code, its message in the reader's language).
   */
  async upload<T = unknown>(path: string, form: FormData): Promise<T> {
    const send = () =>
      this.fetchImpl(path, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'accept-language': this.languageOf(), ...(this.token ? { authorization: `Bearer ${this.token}` } : {}) },
        body: form,
      });
    let response: Response;
    try {
      response = await send();
      if (response.status === 401 && (await this.refresh())) response = await send();
    } catch {
      throw new SessionError('NETWORK', '', null);
    }
    const payload = (await response.json().catch(() => ({}))) as T & { errors?: ApiErrorBody[] };
    const first = payload.errors?.[0];
    if (first || !response.ok) {
      throw new SessionError(first?.extensions?.code ?? 'UNKNOWN', first?.message ?? '', first?.extensions?.retryAfterSeconds ?? null, first?.extensions ?? {});
    }
    return payload;
  }

  /**
   * The files cookie of this session (POST /attachments/session, HttpOnly, path /attachments), without which a download
   * link opens nothing: asked for once per session (again after a sign-in or a refresh that changed the session).
   */
  filesAccess(): Promise<void> {
    const token = this.token;
    if (!token) return Promise.resolve();
    if (this.filesFor?.token !== token) {
      const pending = this.fetchImpl('/attachments/session', { method: 'POST', credentials: 'same-origin', headers: { authorization: `Bearer ${token}` } })
        .then(() => undefined)
        .catch(() => {
          if (this.filesFor?.pending === pending) this.filesFor = null;
        });
      this.filesFor = { token, pending };
    }
    return this.filesFor!.pending;
  }

  async signOut(): Promise<void> {
    try {
      await this.post<void>('/auth/logout', {});
    } catch {
      // Signed out here whatever the answer: the cookie is cleared by the API when it answers.
    }
    this.end(false);
  }

  /** The API said the session is over (a socket closed with 4401, a refresh refused). */
  ended(): void {
    // At start-up (restoring) a refused refresh only means nobody was signed in.
    this.end(this.currentStatus === 'signedIn');
  }

  private end(byApi: boolean): void {
    this.endedByApi = byApi;
    this.token = null;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.setStatus('signedOut');
  }

  private accept(answer: TokenAnswer): void {
    this.endedByApi = false;
    this.token = answer.accessToken;
    if (this.timer) clearTimeout(this.timer);
    const inMs = Math.max(5, answer.expiresInSeconds - REFRESH_MARGIN_SECONDS) * 1000;
    this.timer = setTimeout(() => void this.refresh(), inMs);
    this.setStatus('signedIn');
  }

  private setStatus(status: SessionStatus): void {
    if (this.currentStatus === status) return;
    this.currentStatus = status;
    for (const listener of this.listeners) listener(status);
  }

  private async post<T>(path: string, body: unknown): Promise<T> {
    let response: Response;
    try {
      response = await this.fetchImpl(path, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'content-type': 'application/json', 'accept-language': this.languageOf() },
        body: JSON.stringify(body),
      });
    } catch {
      throw new SessionError('NETWORK', 'network', null);
    }
    if (response.status === 204) return undefined as T;
    const payload = (await response.json().catch(() => null)) as (T & { errors?: ApiErrorBody[] }) | null;
    if (!response.ok || !payload || payload.errors) {
      const first = payload?.errors?.[0];
      const retryHeader = Number(response.headers.get('retry-after'));
      const code = first?.extensions?.code ?? (response.status >= 500 ? 'SERVICE_UNAVAILABLE' : 'UNAUTHENTICATED');
      const retryAfter = first?.extensions?.retryAfterSeconds ?? (Number.isFinite(retryHeader) && retryHeader > 0 ? retryHeader : null);
      throw new SessionError(code, first?.message ?? response.statusText, retryAfter, first?.extensions ?? {});
    }
    return payload;
  }
}
