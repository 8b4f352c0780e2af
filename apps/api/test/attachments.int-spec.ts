import { createHash, randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OrganisationKind, Role } from '@cg/shared/domain';
import type { OrganisationEntity } from '@cg/server/db';
import { AttachmentsService } from '@cg/server/cases';
import type { TestApp } from '@cg/server/testing';
import { startApi } from './start';
import { docx, jpeg, multipart, odt, pdf, png, zip } from './support/attachment-files';

/**
 * Attachments through the API: the upload route (streamed multipart), the files' visibility (that of the update,
 * partner input or case they hang on) for every role and position, the signed download links, the types accepted
 * by content, and bad input leaving nothing behind (no row, no stored file, no scratch file).
 */
type Position = 'lead' | 'agency' | 'ngo' | 'foreign';
const POSITIONS: Position[] = ['lead', 'agency', 'ngo', 'foreign'];
const ROLES = Object.values(Role);
const VISIBILITIES = ['PARTNERS', 'AGENCIES', 'LEAD'] as const;
type Visibility = (typeof VISIBILITIES)[number];
const MAX_BYTES = 256 * 1024;

interface Caller {
  role: Role;
  position: Position;
  token: string;
  userId: string;
  sessionId: string;
}

interface Uploaded {
  status: number;
  body: Record<string, unknown> & { errors?: { message: string; extensions: { code: string; reason: string } }[] };
}

describe('attachments', () => {
  let api: TestApp;
  const dir = mkdtempSync(join(tmpdir(), 'cg-attachments-'));
  const orgs = {} as Record<Position, OrganisationEntity>;
  const callers: Caller[] = [];
  let leadStaff: { token: string; userId: string };
  let caseId: string;
  const updates = {} as Record<Visibility, string>;
  const files = {} as Record<Visibility, string>;

  async function upload(token: string | null, parent: string, parentId: string, fileName: string, content: Buffer, locale = 'en'): Promise<Uploaded> {
    const form = multipart(fileName, content);
    const response = await api.app.inject({
      method: 'POST',
      url: `/attachments?parent=${parent}&parentId=${parentId}`,
      headers: { 'content-type': form.contentType, 'accept-language': locale, ...(token ? { authorization: `Bearer ${token}` } : {}) },
      payload: form.body,
    });
    return { status: response.statusCode, body: JSON.parse(response.body) };
  }

  /** A link presented by a session: its bearer token (as an API client does), or a cookie header (as a browser does). */
  async function download(url: string, as: { token?: string; cookie?: string } = {}) {
    return api.app.inject({ method: 'GET', url, headers: { ...(as.token ? { authorization: `Bearer ${as.token}` } : {}), ...(as.cookie ? { cookie: as.cookie } : {}) } });
  }

  /** The claims of an access token (the session it names). */
  function claims(token: string): { sub: string; sid: string } {
    return JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8'));
  }

  /** What is stored (outside the scratch space), and what the scratch space holds. */
  function storedFiles(): { stored: string[]; scratch: string[] } {
    const stored: string[] = [];
    const walk = (path: string) => {
      for (const entry of readdirSync(path)) {
        const full = join(path, entry);
        if (entry === '.tmp') continue;
        if (statSync(full).isDirectory()) walk(full);
        else stored.push(full);
      }
    };
    walk(dir);
    let scratch: string[] = [];
    try {
      scratch = readdirSync(join(dir, '.tmp'));
    } catch {
      scratch = [];
    }
    return { stored, scratch };
  }

  async function rowCount(): Promise<number> {
    const [row] = await api.dataSource.query('SELECT count(*)::int AS n FROM attachments');
    return row.n;
  }

  async function postUpdate(token: string, visibility: Visibility): Promise<string> {
    const response = await api.gql<{ postCaseUpdate: { id: string } }>(
      'mutation($input: PostCaseUpdateInput!) { postCaseUpdate(input: $input) { id } }',
      { input: { caseId, kind: 'NOTE', visibility, body: `Wpis ${visibility}` } },
      { token },
    );
    if (!response.data) throw new Error(JSON.stringify(response.errors));
    return response.data.postCaseUpdate.id;
  }

  beforeAll(async () => {
    api = await startApi({ ATTACHMENTS_DIR: dir, ATTACHMENTS_MAX_BYTES: String(MAX_BYTES) });
    orgs.lead = await api.fixtures.organisation({ kind: OrganisationKind.POLICE_UNIT });
    orgs.agency = await api.fixtures.organisation({ kind: OrganisationKind.MUNICIPALITY });
    orgs.ngo = await api.fixtures.organisation({ kind: OrganisationKind.NGO });
    orgs.foreign = await api.fixtures.organisation({ kind: OrganisationKind.POLICE_UNIT });
    await api.fixtures.agreement(orgs.lead, orgs.agency);
    await api.fixtures.agreement(orgs.lead, orgs.ngo);
    const coordinator = await api.fixtures.user(orgs.lead, [Role.COORDINATOR]);
    caseId = randomUUID();
    await api.dataSource.query(
      `INSERT INTO cases (id, reference, title, type, phase, district, lead_organisation_id, coordinator_id, diagnosis_what)
       VALUES ($1, $2, 'Sprawa z załącznikami', 'LOCAL_CONFLICT', 'ANALYSIS', 'Centrum', $3, $4, 'spór sąsiedzki')`,
      [caseId, `T/${caseId.slice(0, 8)}`, orgs.lead.id, coordinator.id],
    );
    await api.dataSource.query(`INSERT INTO case_participants (case_id, organisation_id, role) VALUES ($1, $2, 'LEAD'), ($1, $3, 'PARTNER'), ($1, $4, 'PARTNER')`, [
      caseId,
      orgs.lead.id,
      orgs.agency.id,
      orgs.ngo.id,
    ]);
    for (const position of POSITIONS) {
      for (const role of ROLES) {
        const { user, token } = await api.signedIn(orgs[position], [role]);
        callers.push({ role, position, token, userId: user.id, sessionId: claims(token).sid });
      }
    }
    const staff = callers.find((c) => c.position === 'lead' && c.role === Role.STAFF)!;
    leadStaff = { token: staff.token, userId: staff.userId };
    for (const visibility of VISIBILITIES) {
      updates[visibility] = await postUpdate(leadStaff.token, visibility);
      const answer = await upload(leadStaff.token, 'UPDATE', updates[visibility], `photo-${visibility}.png`, await png());
      expect(answer.status).toBe(201);
      files[visibility] = answer.body.id as string;
    }
  }, 120_000);
  afterAll(async () => {
    await api.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Who may read an update of each visibility on this case (docs/domain.md, "who sees what"). */
  function mayRead(caller: Caller, visibility: Visibility): boolean {
    if (caller.position === 'foreign') return false;
    const member = [Role.COORDINATOR, Role.STAFF, Role.PARTNER].includes(caller.role);
    const agencyWorker = caller.position !== 'ngo' && [Role.COORDINATOR, Role.STAFF].includes(caller.role);
    if (visibility === 'PARTNERS') return member;
    if (visibility === 'AGENCIES') return agencyWorker;
    return agencyWorker && caller.position === 'lead';
  }

  it('stores the file under its key with its hash and size, and a WebP thumbnail beside an image', async () => {
    const content = await png();
    const [row] = await api.dataSource.query('SELECT * FROM attachments WHERE id = $1', [files.PARTNERS]);
    expect(row).toMatchObject({ case_id: caseId, update_id: updates.PARTNERS, content_type: 'image/png', size_bytes: String(content.length), file_name: 'photo-PARTNERS.png' });
    expect(row.sha256).toBe(createHash('sha256').update(content).digest('hex'));
    expect(readFileSync(join(dir, row.storage_key)).equals(content)).toBe(true);
    expect(readFileSync(join(dir, row.thumbnail_key)).subarray(8, 12).toString('latin1')).toBe('WEBP');
  });

  it('lets every role in every position download exactly the files of the updates it may read (others: 404), and audits each download', async () => {
    const links = api.app.get(AttachmentsService).links;
    const expires = Math.floor(Date.now() / 1000) + 120;
    const seen: string[] = [];
    const expected: string[] = [];
    for (const caller of callers) {
      for (const visibility of VISIBILITIES) {
        // The link as the API would give this person (bound to their session), whether or not it would give it.
        const url = links.url({ attachmentId: files[visibility], variant: 'file', userId: caller.userId, sessionId: caller.sessionId, expires });
        const response = await download(url, { token: caller.token });
        const label = `${caller.position}/${caller.role}/${visibility}`;
        seen.push(`${label}: ${response.statusCode}`);
        expected.push(`${label}: ${mayRead(caller, visibility) ? 200 : 404}`);
        if (response.statusCode === 404) expect(JSON.parse(response.body).errors[0].extensions.code).toBe('NOT_FOUND');
      }
    }
    expect(seen).toEqual(expected);
    const audited = await api.dataSource.query(
      `SELECT outcome, count(*)::int AS n FROM audit_events WHERE action = 'attachment.download' AND entity_id = ANY($1::text[]) GROUP BY outcome ORDER BY outcome`,
      [Object.values(files)],
    );
    const allowed = expected.filter((line) => line.endsWith('200')).length;
    expect(audited).toEqual([
      { outcome: 'REFUSED', n: expected.length - allowed },
      { outcome: 'SUCCESS', n: allowed },
    ]);
  });

  it('lists on each update only for those who read it, with links that open the file and its thumbnail', async () => {
    const timeline = `query($id: ID!) { case(id: $id) { updates(first: 10) { edges { node { id visibility attachments { id fileName contentType sizeBytes downloadUrl thumbnailUrl } } } } } }`;
    for (const caller of callers.filter((c) => c.position !== 'foreign' && [Role.COORDINATOR, Role.STAFF, Role.PARTNER].includes(c.role))) {
      const response = await api.gql<{ case: { updates: { edges: { node: { id: string; visibility: Visibility; attachments: { id: string; downloadUrl: string; thumbnailUrl: string }[] } }[] } } }>(
        timeline,
        { id: caseId },
        { token: caller.token },
      );
      const listed = response.data!.case.updates.edges.flatMap((edge) => edge.node.attachments.map((a) => a.id)).sort();
      expect(listed).toEqual(VISIBILITIES.filter((v) => mayRead(caller, v)).map((v) => files[v]).sort());
    }
    const response = await api.gql<{ case: { updates: { edges: { node: { attachments: { downloadUrl: string; thumbnailUrl: string; contentType: string }[] } }[] } } }>(timeline, { id: caseId }, { token: leadStaff.token });
    const attachment = response.data!.case.updates.edges.flatMap((edge) => edge.node.attachments)[0]!;
    const file = await download(attachment.downloadUrl, { token: leadStaff.token });
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('image/png');
    expect(file.headers['x-content-type-options']).toBe('nosniff');
    const thumbnail = await download(attachment.thumbnailUrl, { token: leadStaff.token });
    expect(thumbnail.statusCode).toBe(200);
    expect(thumbnail.headers['content-type']).toBe('image/webp');
  });

  it('reads the attachments of a whole timeline in one statement, however many updates carry them', async () => {
    const query = `query($id: ID!) { case(id: $id) { updates(first: 50) { edges { node { id attachments { id downloadUrl } } } } } }`;
    const before = await api.countQueries(() => api.gql(query, { id: caseId }, { token: leadStaff.token }));
    for (let i = 0; i < 3; i++) {
      const id = await postUpdate(leadStaff.token, 'PARTNERS');
      expect((await upload(leadStaff.token, 'UPDATE', id, `doc-${i}.pdf`, pdf())).status).toBe(201);
    }
    const after = await api.countQueries(() => api.gql(query, { id: caseId }, { token: leadStaff.token }));
    expect(after.count).toBe(before.count);
    expect(after.queries.filter((q) => q.includes('FROM attachments a')).length).toBe(1);
  });

  it('refuses a link that is expired, tampered with, for another file, presented by another session, or of a closed session', async () => {
    const links = api.app.get(AttachmentsService).links;
    const me = callers.find((c) => c.position === 'lead' && c.role === Role.COORDINATOR)!;
    const colleague = callers.find((c) => c.position === 'lead' && c.role === Role.STAFF)!;
    const ngo = callers.find((c) => c.position === 'ngo' && c.role === Role.PARTNER)!;
    const good = links.url({ attachmentId: files.AGENCIES, variant: 'file', userId: me.userId, sessionId: me.sessionId, expires: Math.floor(Date.now() / 1000) + 60 });
    expect((await download(good, { token: me.token })).statusCode).toBe(200);
    const expired = links.url({ attachmentId: files.AGENCIES, variant: 'file', userId: me.userId, sessionId: me.sessionId, expires: Math.floor(Date.now() / 1000) - 1 });
    expect((await download(expired, { token: me.token })).statusCode).toBe(404);
    expect((await download(good.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')), { token: me.token })).statusCode).toBe(404);
    expect((await download(good.replace(files.AGENCIES, files.LEAD), { token: me.token })).statusCode).toBe(404);
    expect((await download(`/attachments/${files.AGENCIES}/file`, { token: me.token })).statusCode).toBe(404);
    // Copied into someone else's hands, the link opens nothing: not for a colleague, not for an NGO partner, not for nobody.
    expect((await download(good, { token: colleague.token })).statusCode).toBe(404);
    expect((await download(good, { token: ngo.token })).statusCode).toBe(404);
    expect((await download(good)).statusCode).toBe(404);
    // A browser proves its session with the files cookie that POST /attachments/session sets.
    const cookieOf = async (token: string) => {
      const answer = await api.app.inject({ method: 'POST', url: '/attachments/session', headers: { authorization: `Bearer ${token}` } });
      expect(answer.statusCode).toBe(204);
      const header = String(answer.headers['set-cookie']);
      expect(header).toMatch(/^cg_files=[^;]+; Path=\/attachments; HttpOnly; SameSite=Strict; Max-Age=\d+$/);
      return header.split(';')[0]!;
    };
    expect((await download(good, { cookie: await cookieOf(me.token) })).statusCode).toBe(200);
    expect((await download(good, { cookie: await cookieOf(ngo.token) })).statusCode).toBe(404);
    expect((await download(good, { cookie: 'cg_files=forged.value.1.x' })).statusCode).toBe(404);
    expect((await api.app.inject({ method: 'POST', url: '/attachments/session' })).statusCode).toBe(401);
    // A browser opening a dead link gets a page saying so, in its language.
    for (const [language, title] of [['pl', 'Nie znaleziono pliku'], ['en', 'File not found']]) {
      const page = await api.app.inject({ method: 'GET', url: good, headers: { accept: 'text/html,application/xhtml+xml', 'accept-language': language!, authorization: `Bearer ${ngo.token}` } });
      expect([page.statusCode, page.headers['content-type']]).toEqual([404, 'text/html; charset=utf-8']);
      expect(page.body).toContain(`<h1>${title}</h1>`);
    }
    // A session that ends takes its links with it.
    const other = await api.signedIn(orgs.lead, [Role.STAFF]);
    const otherLink = links.url({ attachmentId: files.PARTNERS, variant: 'file', userId: other.user.id, sessionId: claims(other.token).sid, expires: Math.floor(Date.now() / 1000) + 60 });
    const otherCookie = await cookieOf(other.token);
    expect((await download(otherLink, { cookie: otherCookie })).statusCode).toBe(200);
    await api.gql('mutation { logout }', {}, { token: other.token });
    expect((await download(otherLink, { cookie: otherCookie })).statusCode).toBe(404);
  });

  it('accepts photos, PDFs and office documents by their content, whatever their name', async () => {
    const id = await postUpdate(leadStaff.token, 'PARTNERS');
    const cases: [string, Buffer, string][] = [
      ['zdjęcie.jpg', await jpeg(), 'image/jpeg'],
      ['scan.bin', pdf(), 'application/pdf'],
      ['protokół.docx', docx(), 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
      ['notatka', odt(), 'application/vnd.oasis.opendocument.text'],
      ['webp.png', await sharpWebp(), 'image/webp'],
    ];
    for (const [name, content, type] of cases) {
      const answer = await upload(leadStaff.token, 'UPDATE', id, name, content);
      expect([name, answer.status, answer.body.contentType]).toEqual([name, 201, type]);
      expect(answer.body.fileName).toBe(name);
      expect(Boolean(answer.body.thumbnailUrl)).toBe(type.startsWith('image/'));
    }
  });

  it('leaves nothing behind for an empty, oversized, wrongly typed or interrupted upload, and says why in both languages', async () => {
    const id = await postUpdate(leadStaff.token, 'PARTNERS');
    const rowsBefore = await rowCount();
    const filesBefore = storedFiles();
    const bad: [string, Buffer, string][] = [
      ['empty.png', Buffer.alloc(0), 'ATTACHMENT_EMPTY'],
      ['big.pdf', Buffer.concat([pdf(), Buffer.alloc(MAX_BYTES)]), 'ATTACHMENT_TOO_LARGE'],
      ['photo.jpg', Buffer.from('just some text, named like a photo'), 'ATTACHMENT_TYPE_REFUSED'],
      ['archive.docx', zip([['readme.txt', 'a plain zip, not an office document']]), 'ATTACHMENT_TYPE_REFUSED'],
      ['broken.png', Buffer.concat([(await png()).subarray(0, 60)]), 'ATTACHMENT_UNREADABLE_IMAGE'],
    ];
    for (const [name, content, reason] of bad) {
      const en = await upload(leadStaff.token, 'UPDATE', id, name, content, 'en');
      expect([name, en.status, en.body.errors?.[0]?.extensions]).toEqual([name, 400, { code: 'BAD_USER_INPUT', reason, ...(reason === 'ATTACHMENT_TOO_LARGE' ? { maxBytes: MAX_BYTES } : {}) }]);
      const pl = await upload(leadStaff.token, 'UPDATE', id, name, content, 'pl');
      expect(pl.body.errors?.[0]?.message).not.toBe(en.body.errors?.[0]?.message);
    }
    // Interrupted: the body stops in the middle of the file, without its closing boundary.
    const form = multipart('cut.pdf', Buffer.concat([pdf(), Buffer.alloc(50_000, 1)]));
    const cut = await api.app.inject({
      method: 'POST',
      url: `/attachments?parent=UPDATE&parentId=${id}`,
      headers: { 'content-type': form.contentType, authorization: `Bearer ${leadStaff.token}` },
      payload: form.body.subarray(0, 30_000),
    });
    expect(cut.statusCode).toBe(400);
    expect(JSON.parse(cut.body).errors[0].extensions.reason).toBe('ATTACHMENT_INTERRUPTED');
    expect(await rowCount()).toBe(rowsBefore);
    expect(storedFiles()).toEqual({ stored: filesBefore.stored, scratch: [] });
  });

  it('lets only who may post such an update attach to it: NOT_FOUND where the update is invisible, FORBIDDEN on another organisation’s', async () => {
    const content = pdf();
    const outcome = async (position: Position, role: Role, visibility: Visibility) => {
      const caller = callers.find((c) => c.position === position && c.role === role)!;
      const answer = await upload(caller.token, 'UPDATE', updates[visibility], 'x.pdf', content);
      return answer.status === 201 ? 'OK' : answer.body.errors![0]!.extensions.code;
    };
    const rowsBefore = await rowCount();
    expect(await outcome('ngo', Role.PARTNER, 'AGENCIES')).toBe('NOT_FOUND');
    expect(await outcome('foreign', Role.STAFF, 'PARTNERS')).toBe('NOT_FOUND');
    expect(await outcome('agency', Role.STAFF, 'PARTNERS')).toBe('FORBIDDEN');
    expect(await outcome('lead', Role.ANALYST, 'PARTNERS')).toBe('NOT_FOUND');
    expect(await upload(null, 'UPDATE', updates.PARTNERS, 'x.pdf', content)).toMatchObject({ status: 401 });
    expect((await upload(leadStaff.token, 'NOTHING', updates.PARTNERS, 'x.pdf', content)).body.errors![0]!.extensions.reason).toBe('ATTACHMENT_PARENT_REQUIRED');
    expect(await rowCount()).toBe(rowsBefore);
    expect(await outcome('lead', Role.COORDINATOR, 'PARTNERS')).toBe('OK');
  });

  it('attaches to a case (its coordinators) and to a partner input (its organisation), visible as those are', async () => {
    const leadCoordinator = callers.find((c) => c.position === 'lead' && c.role === Role.COORDINATOR)!;
    const ngoPartner = callers.find((c) => c.position === 'ngo' && c.role === Role.PARTNER)!;
    const agencyPartner = callers.find((c) => c.position === 'agency' && c.role === Role.PARTNER)!;
    expect((await upload(ngoPartner.token, 'CASE', caseId, 'plan.pdf', pdf())).body.errors![0]!.extensions.code).toBe('FORBIDDEN');
    const onCase = await upload(leadCoordinator.token, 'CASE', caseId, 'plan.pdf', pdf());
    expect(onCase.status).toBe(201);
    const input = await api.gql<{ submitPartnerInput: { id: string } }>(
      'mutation($input: SubmitPartnerInputInput!) { submitPartnerInput(input: $input) { id } }',
      { input: { caseId, kind: 'OBSERVATION', body: 'Zdjęcie z klatki schodowej' } },
      { token: ngoPartner.token },
    );
    const inputId = input.data!.submitPartnerInput.id;
    expect((await upload(agencyPartner.token, 'PARTNER_INPUT', inputId, 'p.png', await png())).body.errors![0]!.extensions.code).toBe('NOT_FOUND');
    const onInput = await upload(ngoPartner.token, 'PARTNER_INPUT', inputId, 'klatka.png', await png());
    expect(onInput.status).toBe(201);
    const query = `query($id: ID!) { case(id: $id) { attachments { id } partnerInputs { id attachments { id } } } }`;
    const asNgo = await api.gql<{ case: { attachments: { id: string }[]; partnerInputs: { id: string; attachments: { id: string }[] }[] } }>(query, { id: caseId }, { token: ngoPartner.token });
    expect(asNgo.data!.case.attachments.map((a) => a.id)).toEqual([onCase.body.id]);
    expect(asNgo.data!.case.partnerInputs.find((i) => i.id === inputId)!.attachments.map((a) => a.id)).toEqual([onInput.body.id]);
    // Another NGO's partner on the case does not see this NGO's input, nor its file.
    const otherNgo = await api.fixtures.organisation({ kind: OrganisationKind.NGO });
    await api.fixtures.agreement(orgs.lead, otherNgo);
    await api.dataSource.query(`INSERT INTO case_participants (case_id, organisation_id, role) VALUES ($1, $2, 'PARTNER')`, [caseId, otherNgo.id]);
    const stranger = await api.signedIn(otherNgo, [Role.PARTNER]);
    const one = await api.gql<{ attachment: { id: string } | null }>('query($id: ID!) { attachment(id: $id) { id } }', { id: onInput.body.id }, { token: stranger.token });
    expect(one.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const mine = await api.gql<{ attachment: { id: string } }>('query($id: ID!) { attachment(id: $id) { id } }', { id: onInput.body.id }, { token: ngoPartner.token });
    expect(mine.data!.attachment.id).toBe(onInput.body.id);
  });
});

async function sharpWebp(): Promise<Buffer> {
  const sharp = (await import('sharp')).default;
  return sharp({ create: { width: 50, height: 50, channels: 3, background: { r: 1, g: 2, b: 3 } } })
    .webp()
    .toBuffer();
}
