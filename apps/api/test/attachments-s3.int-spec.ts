import { randomUUID } from 'node:crypto';
import { createWriteStream, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import S3rver from 's3rver';
import { OrganisationKind, Role } from '@cg/shared/domain';
import { S3AttachmentStorage } from '@cg/server/cases';
import type { TestApp } from '@cg/server/testing';
import { startApi } from './start';
import { multipart, png } from './support/attachment-files';

/**
 * The S3 driver against an S3-compatible server run here (s3rver, on a free loopback port): the API stores uploads
 * and thumbnails in the bucket, downloads stream from it, refused uploads leave no object; and the driver alone
 * commits a file of several parts (lib-storage's multipart upload), opens and removes it.
 */
describe('attachments on S3-compatible storage', () => {
  const bucket = 'cg-attachments-test';
  const s3Dir = mkdtempSync(join(tmpdir(), 'cg-s3rver-'));
  const scratch = mkdtempSync(join(tmpdir(), 'cg-attachments-s3-'));
  let server: S3rver;
  let client: S3Client;
  let api: TestApp;
  let token: string;
  let updateId: string;

  async function keys(): Promise<string[]> {
    const answer = await client.send(new ListObjectsV2Command({ Bucket: bucket }));
    return (answer.Contents ?? []).map((object) => object.Key!).sort();
  }

  beforeAll(async () => {
    server = new S3rver({ address: '127.0.0.1', port: 0, directory: s3Dir, silent: true, configureBuckets: [{ name: bucket }] });
    const { port } = await server.run();
    const endpoint = `http://127.0.0.1:${port}`;
    client = new S3Client({ region: 'us-east-1', endpoint, forcePathStyle: true, credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } });
    api = await startApi({
      ATTACHMENTS_STORAGE: 's3',
      ATTACHMENTS_DIR: scratch,
      ATTACHMENTS_S3_ENDPOINT: endpoint,
      ATTACHMENTS_S3_BUCKET: bucket,
      ATTACHMENTS_S3_ACCESS_KEY_ID: 'S3RVER',
      ATTACHMENTS_S3_SECRET_ACCESS_KEY: 'S3RVER',
    });
    const lead = await api.fixtures.organisation({ kind: OrganisationKind.POLICE_UNIT });
    const coordinator = await api.fixtures.user(lead, [Role.COORDINATOR]);
    const caseId = randomUUID();
    await api.dataSource.query(
      `INSERT INTO cases (id, reference, title, type, phase, district, lead_organisation_id, coordinator_id) VALUES ($1, $2, 'S3', 'LOCAL_CONFLICT', 'ANALYSIS', 'Centrum', $3, $4)`,
      [caseId, `S/${caseId.slice(0, 8)}`, lead.id, coordinator.id],
    );
    await api.dataSource.query(`INSERT INTO case_participants (case_id, organisation_id, role) VALUES ($1, $2, 'LEAD')`, [caseId, lead.id]);
    token = (await api.signedIn(lead, [Role.STAFF])).token;
    const posted = await api.gql<{ postCaseUpdate: { id: string } }>(
      'mutation($input: PostCaseUpdateInput!) { postCaseUpdate(input: $input) { id } }',
      { input: { caseId, kind: 'NOTE', visibility: 'AGENCIES', body: 'Zdjęcia z wizji lokalnej' } },
      { token },
    );
    updateId = posted.data!.postCaseUpdate.id;
  }, 60_000);
  afterAll(async () => {
    await api?.stop();
    await server?.close();
    rmSync(s3Dir, { recursive: true, force: true });
    rmSync(scratch, { recursive: true, force: true });
  });

  async function upload(fileName: string, content: Buffer) {
    const form = multipart(fileName, content);
    const response = await api.app.inject({
      method: 'POST',
      url: `/attachments?parent=UPDATE&parentId=${updateId}`,
      headers: { 'content-type': form.contentType, authorization: `Bearer ${token}` },
      payload: form.body,
    });
    return { status: response.statusCode, body: JSON.parse(response.body) };
  }

  it('stores the upload and its thumbnail in the bucket and streams them back through the signed links', async () => {
    const content = await png(800, 600);
    const answer = await upload('podwórko.png', content);
    expect(answer.status).toBe(201);
    expect(await keys()).toEqual([expect.stringMatching(new RegExp(`/${answer.body.id}$`)), expect.stringMatching(new RegExp(`/${answer.body.id}\\.thumb\\.webp$`))]);
    const file = await api.app.inject({ method: 'GET', url: answer.body.downloadUrl, headers: { authorization: `Bearer ${token}` } });
    expect(file.statusCode).toBe(200);
    expect(file.rawPayload.equals(content)).toBe(true);
    const thumbnail = await api.app.inject({ method: 'GET', url: answer.body.thumbnailUrl, headers: { authorization: `Bearer ${token}` } });
    expect(thumbnail.headers['content-type']).toBe('image/webp');
    expect(thumbnail.rawPayload.length).toBeLessThan(content.length);
  });

  it('leaves no object and no scratch file for a refused upload', async () => {
    const before = await keys();
    const answer = await upload('photo.jpg', Buffer.from('not a photo at all'));
    expect(answer.body.errors[0].extensions.reason).toBe('ATTACHMENT_TYPE_REFUSED');
    expect(await keys()).toEqual(before);
    expect(readdirSync(join(scratch, '.tmp'))).toEqual([]);
  });

  it('commits a file of several parts, opens and removes it (the driver alone)', async () => {
    const storage = new S3AttachmentStorage(client, bucket);
    const file = join(scratch, 'twelve-megabytes');
    const chunk = Buffer.alloc(1024 * 1024, 7);
    await pipeline(Readable.from((function* () { for (let i = 0; i < 12; i++) yield chunk; })()), createWriteStream(file));
    await storage.commit('cases/test/large', file, 'application/pdf');
    let size = 0;
    for await (const part of await storage.open('cases/test/large')) size += (part as Buffer).length;
    expect(size).toBe(12 * 1024 * 1024);
    await storage.remove('cases/test/large');
    expect(await keys()).not.toContain('cases/test/large');
  });
});
