import type { Locale } from './roles';

/** The codes a client may see in `extensions.code` (DESIGN.md §5). */
export enum ErrorCode {
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  FORBIDDEN = 'FORBIDDEN',
  NOT_FOUND = 'NOT_FOUND',
  BAD_USER_INPUT = 'BAD_USER_INPUT',
  CONFLICT = 'CONFLICT',
  CAPACITY_EXCEEDED = 'CAPACITY_EXCEEDED',
  RATE_LIMITED = 'RATE_LIMITED',
  INTERNAL_SERVER_ERROR = 'INTERNAL_SERVER_ERROR',
  /** PostgreSQL or Redis unreachable: HTTP 503 with Retry-After; the request may be retried as it is. */
  SERVICE_UNAVAILABLE = 'SERVICE_UNAVAILABLE',
}

/** Message keys, each translated in `MESSAGES`. */
export type MessageKey =
  | 'auth.invalidCredentials'
  | 'auth.locked'
  | 'auth.required'
  | 'auth.invalidRefreshToken'
  | 'auth.refreshTokenReused'
  | 'access.denied'
  | 'notFound'
  | 'input.invalid'
  | 'input.bodyTooLarge'
  | 'input.passwordTooShort'
  | 'input.passwordCommon'
  | 'input.currentPasswordWrong'
  | 'input.userAlreadyActive'
  | 'input.emailTaken'
  | 'input.organisationInactive'
  | 'input.parentCycle'
  | 'input.agreementSelf'
  | 'input.agreementDates'
  | 'input.tooManyItems'
  | 'input.subscriptionOverHttp'
  | 'input.badRequest'
  | 'input.jsonRequired'
  | 'rateLimit.signIn'
  | 'rateLimit.mutations'
  | 'rateLimit.requests'
  | 'conflict.staleVersion'
  | 'case.phaseOrder'
  | 'case.reasonRequired'
  | 'case.closeFromAssessment'
  | 'case.notClosed'
  | 'case.closed'
  | 'case.noAgreement'
  | 'case.alreadyParticipant'
  | 'case.overrideCategories'
  | 'case.rebaseLead'
  | 'case.cannotRemoveLead'
  | 'case.visibilityNotAllowed'
  | 'case.phaseChangeKind'
  | 'case.sameEscalation'
  | 'case.leadRole'
  | 'task.transition'
  | 'task.reasonRequired'
  | 'task.notParticipant'
  | 'task.notShared'
  | 'task.assigneeOrganisation'
  | 'task.capacityExceeded'
  | 'task.unavailable'
  | 'task.notProposed'
  | 'task.actionCase'
  | 'task.overrideNotAllowed'
  | 'task.dates'
  | 'csv.header'
  | 'csv.columns'
  | 'csv.unknownCode'
  | 'csv.notOnCase'
  | 'csv.share'
  | 'csv.unit'
  | 'csv.futureDate'
  | 'csv.number'
  | 'csv.sample'
  | 'csv.date'
  | 'csv.area'
  | 'csv.empty'
  | 'csv.tooLarge'
  | 'csv.invalid'
  | 'indicator.customFields'
  | 'indicator.unknownCode'
  | 'indicator.dates'
  | 'indicator.supersedes'
  | 'indicator.futureDate'
  | 'notification.locked'
  | 'case.indicatorsUnmeasured'
  | 'input.alreadyReviewed'
  | 'input.reviewTransition'
  | 'webhook.urlHttps'
  | 'webhook.urlHttpsOrLoopback'
  | 'webhook.urlCredentials'
  | 'webhook.urlPrivate'
  | 'webhook.eventType'
  | 'idempotency.keyInvalid'
  | 'idempotency.keyReused'
  | 'idempotency.multipleFields'
  | 'idempotency.inFlight'
  | 'internal'
  | 'unavailable';

export const MESSAGES: Record<MessageKey, Record<Locale, string>> = {
  'auth.invalidCredentials': {
    pl: 'Nieprawidłowy adres e-mail lub hasło.',
    en: 'Invalid e-mail or password.',
  },
  'auth.locked': {
    pl: 'Zbyt wiele nieudanych prób logowania. Spróbuj ponownie za {minutes} min.',
    en: 'Too many failed sign-in attempts. Try again in {minutes} min.',
  },
  'auth.required': { pl: 'Wymagane zalogowanie.', en: 'You must be signed in.' },
  'auth.invalidRefreshToken': {
    pl: 'Sesja wygasła lub jest nieprawidłowa. Zaloguj się ponownie.',
    en: 'The session has expired or is invalid. Sign in again.',
  },
  'auth.refreshTokenReused': {
    pl: 'Wykryto ponowne użycie tokenu odświeżania; sesja została zamknięta. Zaloguj się ponownie.',
    en: 'A refresh token was reused; the session has been closed. Sign in again.',
  },
  'access.denied': { pl: 'Brak uprawnień do tej operacji.', en: 'You are not allowed to do this.' },
  notFound: { pl: 'Nie znaleziono: {entity}.', en: 'Not found: {entity}.' },
  'input.invalid': { pl: 'Nieprawidłowe dane wejściowe: {fields}.', en: 'Invalid input: {fields}.' },
  'input.bodyTooLarge': {
    pl: 'Żądanie jest za duże. Wyślij mniejszy plik lub mniej danych naraz.',
    en: 'The request is too large. Send a smaller file or less data at once.',
  },
  'input.passwordTooShort': {
    pl: 'Hasło musi mieć co najmniej {min} znaków.',
    en: 'The password must be at least {min} characters long.',
  },
  'input.passwordCommon': {
    pl: 'To hasło jest zbyt popularne. Wybierz inne.',
    en: 'This password is too common. Choose another.',
  },
  'input.currentPasswordWrong': {
    pl: 'Obecne hasło jest nieprawidłowe.',
    en: 'The current password is incorrect.',
  },
  'input.userAlreadyActive': {
    pl: 'To konto jest już aktywne.',
    en: 'This account is already active.',
  },
  'input.emailTaken': {
    pl: 'Ten adres e-mail jest już używany.',
    en: 'This e-mail address is already in use.',
  },
  'input.organisationInactive': {
    pl: 'Organizacja jest nieaktywna.',
    en: 'The organisation is inactive.',
  },
  'input.parentCycle': {
    pl: 'Organizacja nadrzędna utworzyłaby cykl.',
    en: 'The parent organisation would create a cycle.',
  },
  'input.agreementSelf': {
    pl: 'Porozumienie musi łączyć dwie różne organizacje.',
    en: 'An agreement must join two different organisations.',
  },
  'input.agreementDates': {
    pl: 'Data końca musi być późniejsza niż data początku.',
    en: 'The end date must be after the start date.',
  },
  'input.tooManyItems': {
    pl: 'Można pobrać najwyżej {max} elementów naraz.',
    en: 'At most {max} items can be fetched at once.',
  },
  'input.subscriptionOverHttp': {
    pl: 'Subskrypcje działają przez WebSocket (graphql-ws) pod tym samym adresem, nie przez HTTP.',
    en: 'Subscriptions are served over WebSocket (graphql-ws) at the same address, not over HTTP.',
  },
  'input.jsonRequired': {
    pl: 'Wyślij treść żądania jako JSON (Content-Type: application/json).',
    en: 'Send the request body as JSON (Content-Type: application/json).',
  },
  'input.badRequest': {
    pl: 'Nieprawidłowe żądanie GraphQL.',
    en: 'Invalid GraphQL request.',
  },
  'rateLimit.signIn': {
    pl: 'Zbyt wiele prób logowania z tego adresu. Spróbuj ponownie za {seconds} s.',
    en: 'Too many sign-in attempts from this address. Try again in {seconds} s.',
  },
  'rateLimit.mutations': {
    pl: 'Zbyt wiele zmian w krótkim czasie. Spróbuj ponownie za {seconds} s.',
    en: 'Too many changes in a short time. Try again in {seconds} s.',
  },
  'rateLimit.requests': {
    pl: 'Zbyt wiele żądań z tego adresu. Spróbuj ponownie za {seconds} s.',
    en: 'Too many requests from this address. Try again in {seconds} s.',
  },
  'conflict.staleVersion': {
    pl: 'Dane zmieniły się w międzyczasie. Odśwież i spróbuj ponownie.',
    en: 'The data has changed in the meantime. Reload and try again.',
  },
  'case.phaseOrder': {
    pl: 'Niedozwolona zmiana fazy: {from} → {to}. Faza SARA może przejść tylko o jeden krok naprzód albo wstecz (z uzasadnieniem).',
    en: 'Phase change not allowed: {from} → {to}. A SARA phase moves one step forward, or back with a reason.',
  },
  'case.reasonRequired': { pl: 'Podaj uzasadnienie.', en: 'Give a reason.' },
  'case.closeFromAssessment': {
    pl: 'Sprawę można zamknąć tylko z fazy ASSESSMENT (ocena); obecna faza: {phase}.',
    en: 'A case can be closed only from the ASSESSMENT phase; it is in {phase}.',
  },
  'case.notClosed': { pl: 'Sprawa nie jest zamknięta.', en: 'The case is not closed.' },
  'case.closed': { pl: 'Sprawa jest zamknięta; najpierw ją wznów.', en: 'The case is closed; reopen it first.' },
  'case.noAgreement': {
    pl: 'Brak obowiązującego porozumienia o partnerstwie z organizacją wiodącą. Podaj uzasadnienie, aby dodać ją mimo to.',
    en: 'No partnership agreement with the lead organisation is in force. Give an override reason to add it anyway.',
  },
  'case.alreadyParticipant': { pl: 'Ta organizacja już uczestniczy w sprawie.', en: 'This organisation already takes part in the case.' },
  'case.overrideCategories': {
    pl: 'Decyzja koordynatora musi wskazać co najmniej jedną kategorię udostępnianych danych.',
    en: 'An override must name at least one category of data it shares.',
  },
  'case.rebaseLead': { pl: 'Organizacja wiodąca widzi całą sprawę; jej udział nie opiera się na porozumieniu.', en: 'The lead organisation sees the whole case; its participation rests on no agreement.' },
  'case.cannotRemoveLead': { pl: 'Nie można usunąć organizacji wiodącej.', en: 'The lead organisation cannot be removed.' },
  'case.visibilityNotAllowed': {
    pl: 'Nie możesz publikować wpisów o widoczności {visibility} w tej sprawie.',
    en: 'You may not post updates with visibility {visibility} on this case.',
  },
  'case.phaseChangeKind': {
    pl: 'Wpisy PHASE_CHANGE tworzy zmiana fazy sprawy.',
    en: 'PHASE_CHANGE updates are written by changing the case phase.',
  },
  'case.sameEscalation': { pl: 'Sprawa ma już poziom eskalacji {escalation}.', en: 'The case is already at escalation {escalation}.' },
  'case.leadRole': { pl: 'Rola LEAD należy do organizacji wiodącej.', en: 'The LEAD role belongs to the lead organisation.' },
  'task.transition': {
    pl: 'Niedozwolona zmiana statusu zadania: {from} → {to}.',
    en: 'Task status change not allowed: {from} → {to}.',
  },
  'task.reasonRequired': { pl: 'Podaj powód.', en: 'Give a reason.' },
  'task.notParticipant': {
    pl: 'Ta organizacja nie uczestniczy w sprawie.',
    en: 'This organisation does not take part in the case.',
  },
  'task.notShared': {
    pl: 'Zadania tej sprawy nie są udostępniane tej organizacji (porozumienie nie obejmuje kategorii TASKS lub wygasło).',
    en: 'Tasks of this case are not shared with this organisation (its agreement does not cover TASKS or has ended).',
  },
  'task.assigneeOrganisation': {
    pl: 'Osoba wykonująca musi należeć do organizacji, której przydzielono zadanie.',
    en: 'The assignee must belong to the organisation the task is for.',
  },
  'task.capacityExceeded': {
    pl: 'Przekroczona dostępność: obciążenie {load} + {effort} pkt przy tygodniowej dostępności {capacity} pkt (nadwyżka {overage} pkt). Koordynator może przydzielić z uzasadnieniem.',
    en: 'Capacity exceeded: load {load} + {effort} points against a weekly capacity of {capacity} (over by {overage}). A coordinator may assign with an override reason.',
  },
  'task.unavailable': {
    pl: 'Ta osoba jest niedostępna do {until}; nie można przydzielać jej zadań.',
    en: 'This person is unavailable until {until}; no tasks can be assigned.',
  },
  'task.notProposed': { pl: 'Na to zadanie już odpowiedziano.', en: 'This task has already been answered.' },
  'task.actionCase': { pl: 'Działanie należy do innej sprawy.', en: 'The action belongs to another case.' },
  'task.overrideNotAllowed': {
    pl: 'Tylko koordynator może przekroczyć dostępność.',
    en: 'Only a coordinator may override capacity.',
  },
  'task.dates': { pl: 'Data końca musi być nie wcześniejsza niż data początku.', en: 'The end date must not be before the start date.' },
  'csv.header': {
    pl: 'Wiersz {line}: oczekiwano nagłówka „{expected}”.',
    en: 'Line {line}: expected the header “{expected}”.',
  },
  'csv.columns': { pl: 'Wiersz {line}: oczekiwano {expected} kolumn, jest {actual}.', en: 'Line {line}: expected {expected} columns, found {actual}.' },
  'csv.unknownCode': { pl: 'Wiersz {line}: nieznany kod wskaźnika „{code}”.', en: 'Line {line}: unknown indicator code “{code}”.' },
  'csv.notOnCase': {
    pl: 'Wiersz {line}: wskaźnik „{code}” nie jest zdefiniowany w tej sprawie.',
    en: 'Line {line}: indicator “{code}” is not defined on this case.',
  },
  'csv.share': { pl: 'Wiersz {line}: odsetek musi być liczbą od 0 do 100, jest „{value}”.', en: 'Line {line}: the percentage must be a number from 0 to 100, found “{value}”.' },
  'csv.unit': {
    pl: 'Wiersz {line}: wskaźnik „{code}” nie jest wyrażany w procentach (jednostka {unit}); z ankiety importuje się tylko odsetki.',
    en: 'Line {line}: indicator “{code}” is not measured in percent (unit {unit}); a survey import records percentages only.',
  },
  'csv.futureDate': {
    pl: 'Wiersz {line}: data „{value}” jest w przyszłości (dziś jest {today}).',
    en: 'Line {line}: the date “{value}” is in the future (today is {today}).',
  },
  'csv.number': { pl: 'Wiersz {line}: „{value}” nie jest liczbą.', en: 'Line {line}: “{value}” is not a number.' },
  'csv.sample': { pl: 'Wiersz {line}: liczebność próby musi być dodatnią liczbą całkowitą, jest „{value}”.', en: 'Line {line}: the sample size must be a positive whole number, found “{value}”.' },
  'csv.date': { pl: 'Wiersz {line}: nieprawidłowa data „{value}” (RRRR-MM-DD).', en: 'Line {line}: invalid date “{value}” (YYYY-MM-DD).' },
  'csv.area': { pl: 'Wiersz {line}: brak obszaru.', en: 'Line {line}: the area is missing.' },
  'csv.empty': { pl: 'Plik nie zawiera żadnych wierszy z wynikami.', en: 'The file holds no result rows.' },
  'csv.tooLarge': { pl: 'Plik jest za duży (najwyżej {max} wierszy).', en: 'The file is too large (at most {max} rows).' },
  'csv.invalid': {
    pl: 'Nie zaimportowano niczego: {count} błędnych wierszy. {first}',
    en: 'Nothing was imported: {count} rows with errors. {first}',
  },
  'indicator.customFields': {
    pl: 'Wskaźnik własny wymaga nazwy, jednostki, kierunku, źródła i częstotliwości.',
    en: 'A custom indicator needs a name, unit, direction, source and cadence.',
  },
  'indicator.unknownCode': { pl: 'Nieznany kod wskaźnika w katalogu: {code}.', en: 'Unknown catalogue indicator code: {code}.' },
  'indicator.dates': { pl: 'Data docelowa musi być późniejsza niż data bazowa.', en: 'The target date must be after the baseline date.' },
  'indicator.supersedes': {
    pl: 'Korygowany pomiar musi należeć do tego wskaźnika i nie być już skorygowany.',
    en: 'The corrected measurement must belong to this indicator and not be corrected already.',
  },
  'indicator.futureDate': {
    pl: 'Data pomiaru nie może być późniejsza niż dzisiejsza ({today}).',
    en: 'A measurement cannot be dated after today ({today}).',
  },
  'notification.locked': {
    pl: 'Powiadomień „{eventType}” nie można wyłączyć ani przenieść do podsumowania dnia: zawsze przychodzą od razu.',
    en: 'Notifications “{eventType}” cannot be turned off or moved to the daily digest: they always arrive at once.',
  },
  'case.indicatorsUnmeasured': {
    pl: 'Nie można zamknąć sprawy: {count} wskaźników nie ma pomiaru po wartości bazowej ({names}). Podaj uzasadnienie, aby zamknąć mimo to.',
    en: 'The case cannot be closed: {count} indicators have no measurement after their baseline ({names}). Give a reason to close anyway.',
  },
  'input.alreadyReviewed': { pl: 'Ten wkład został już rozpatrzony.', en: 'This input has already been reviewed.' },
  'input.reviewTransition': {
    pl: 'Niedozwolona zmiana statusu wkładu: {from} → {to}.',
    en: 'Input status change not allowed: {from} → {to}.',
  },
  'webhook.urlHttps': {
    pl: 'Adres webhooka musi być pełnym adresem https:// (na przykład https://example.org/hooks/commonground).',
    en: 'The webhook URL must be a full https:// address (for example https://example.org/hooks/commonground).',
  },
  'webhook.urlHttpsOrLoopback': {
    pl: 'Adres webhooka musi być pełnym adresem https://; poza produkcją dozwolony jest też http:// na adres lokalny (127.0.0.1, localhost, [::1]).',
    en: 'The webhook URL must be a full https:// address; outside production, http:// to a loopback address (127.0.0.1, localhost, [::1]) is also accepted.',
  },
  'webhook.urlCredentials': {
    pl: 'Adres webhooka nie może zawierać nazwy użytkownika ani hasła.',
    en: 'The webhook URL must not contain a user name or password.',
  },
  'webhook.urlPrivate': {
    pl: 'Adres webhooka wskazuje na sieć prywatną lub lokalną; dozwolone są tylko adresy publiczne.',
    en: 'The webhook URL points into a private or local network; only public addresses are allowed.',
  },
  'webhook.eventType': {
    pl: 'Nieznany typ zdarzenia: {type}. Dozwolone są typy zdarzeń powiadomień (lub pusta lista = wszystkie).',
    en: 'Unknown event type: {type}. Only notification event types are allowed (or an empty list = all).',
  },
  'idempotency.keyInvalid': {
    pl: 'Nagłówek Idempotency-Key musi mieć od 1 do 128 znaków: litery A–Z i a–z, cyfry oraz _ - : .',
    en: 'The Idempotency-Key header must be 1 to 128 characters: letters A–Z and a–z, digits and _ - : .',
  },
  'idempotency.keyReused': {
    pl: 'Ten klucz Idempotency-Key został już użyty do innej operacji lub z innymi danymi ({operation}). Każda nowa zmiana wymaga nowego klucza.',
    en: 'This Idempotency-Key was already used for another operation or with other input ({operation}). Every new change needs a new key.',
  },
  'idempotency.multipleFields': {
    pl: 'Z nagłówkiem Idempotency-Key dokument może zawierać tylko jedną mutację; wyślij każdą osobno, z własnym kluczem.',
    en: 'With an Idempotency-Key header the document may hold one mutation only; send each separately, with its own key.',
  },
  'idempotency.inFlight': {
    pl: 'Żądanie z tym kluczem Idempotency-Key jest jeszcze przetwarzane. Ponów je za chwilę z tym samym kluczem.',
    en: 'A request with this Idempotency-Key is still being processed. Retry it shortly with the same key.',
  },
  internal: {
    pl: 'Wystąpił błąd wewnętrzny (identyfikator: {errorId}).',
    en: 'An internal error occurred (error id: {errorId}).',
  },
  unavailable: {
    pl: 'Usługa jest chwilowo niedostępna. Spróbuj ponownie za {seconds} s.',
    en: 'The service is temporarily unavailable. Try again in {seconds} s.',
  },
};

/** What an `Idempotency-Key` header may hold. */
export const IDEMPOTENCY_KEY_PATTERN = /^[A-Za-z0-9_\-:.]{1,128}$/;

export type MessageParams = Record<string, string | number>;

export function translate(key: MessageKey, locale: Locale, params: MessageParams = {}): string {
  const template = MESSAGES[key][locale];
  return template.replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? `{${name}}`));
}

/**
 * A failure the domain knows about. Services throw these; one mapper in the API turns them into
 * `extensions.code` and a message in the caller's locale. `refused` marks an access refusal, which is audited.
 */
export class DomainError extends Error {
  constructor(
    readonly code: Exclude<ErrorCode, ErrorCode.INTERNAL_SERVER_ERROR | ErrorCode.SERVICE_UNAVAILABLE>,
    readonly messageKey: MessageKey,
    readonly params: MessageParams = {},
    readonly details: Record<string, unknown> = {},
    readonly refused = false,
  ) {
    super(`${code}: ${messageKey}`);
    this.name = 'DomainError';
  }

  static notFound(entity: string, refused = false): DomainError {
    return new DomainError(ErrorCode.NOT_FOUND, 'notFound', { entity }, { entity }, refused);
  }

  static forbidden(): DomainError {
    return new DomainError(ErrorCode.FORBIDDEN, 'access.denied', {}, {}, true);
  }

  static unauthenticated(key: MessageKey = 'auth.required'): DomainError {
    return new DomainError(ErrorCode.UNAUTHENTICATED, key);
  }

  static badInput(key: MessageKey, params: MessageParams = {}, details: Record<string, unknown> = {}): DomainError {
    return new DomainError(ErrorCode.BAD_USER_INPUT, key, params, details);
  }

  /** Refused by a rate limit: `retryAfterSeconds` tells when the next attempt may succeed (also sent as HTTP 429 Retry-After). */
  static rateLimited(key: MessageKey, retryAfterSeconds: number): DomainError {
    return new DomainError(ErrorCode.RATE_LIMITED, key, { seconds: retryAfterSeconds }, { retryAfterSeconds });
  }

  /** A write to a CLOSED case: refused until the case is reopened. */
  static caseClosed(): DomainError {
    return new DomainError(ErrorCode.BAD_USER_INPUT, 'case.closed', {}, { reason: 'CASE_CLOSED' });
  }

  static staleVersion(entity: string): DomainError {
    return new DomainError(ErrorCode.CONFLICT, 'conflict.staleVersion', {}, { entity });
  }
}
