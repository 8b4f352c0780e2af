import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DeleteObjectCommand, GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { ConfigError, type AttachmentsConfig } from '@cg/server/config';

/**
 * Where attachments' bytes live. Keys are chosen by the service (`attachments/<case>/<id>`, never from a file name).
 * `commit` moves a finished upload (a file in the scratch space, already hashed and checked) to its key: a rename on
 * the local driver, a streamed multipart upload on S3. Nothing is ever read whole into memory.
 */
export interface AttachmentStorage {
  readonly driver: 'local' | 's3';
  commit(key: string, scratchFile: string, contentType: string): Promise<void>;
  open(key: string): Promise<Readable>;
  remove(key: string): Promise<void>;
}

export const ATTACHMENT_STORAGE = Symbol('ATTACHMENT_STORAGE');

const KEY = /^[a-z0-9][a-z0-9/_.-]{0,299}$/;
function checkKey(key: string): string {
  if (!KEY.test(key) || key.includes('..')) throw new Error(`Not a storage key: ${key}`);
  return key;
}

/** Files under a directory; the scratch space is `.tmp` inside it, so that a commit is a rename on one file system. */
export class LocalAttachmentStorage implements AttachmentStorage {
  readonly driver = 'local' as const;
  private readonly root: string;

  constructor(dir: string) {
    this.root = resolve(dir);
  }

  private path(key: string): string {
    const path = resolve(this.root, checkKey(key));
    if (!path.startsWith(this.root + sep)) throw new Error(`Not a storage key: ${key}`);
    return path;
  }

  async commit(key: string, scratchFile: string): Promise<void> {
    const target = this.path(key);
    await mkdir(dirname(target), { recursive: true });
    try {
      await rename(scratchFile, target);
    } catch (error) {
      // Another file system (ATTACHMENTS_DIR's .tmp is a mount of its own): copy, streamed.
      if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
      await pipeline(createReadStream(scratchFile), createWriteStream(target, { flags: 'wx' }));
    }
  }

  async open(key: string): Promise<Readable> {
    const path = this.path(key);
    await stat(path);
    return createReadStream(path);
  }

  async remove(key: string): Promise<void> {
    await rm(this.path(key), { force: true });
  }
}

/** An S3-compatible bucket (AWS, MinIO, Ceph, s3rver…), uploads streamed in parts by @aws-sdk/lib-storage. */
export class S3AttachmentStorage implements AttachmentStorage {
  readonly driver = 's3' as const;

  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
  ) {}

  async commit(key: string, scratchFile: string, contentType: string): Promise<void> {
    const upload = new Upload({
      client: this.client,
      params: { Bucket: this.bucket, Key: checkKey(key), Body: createReadStream(scratchFile), ContentType: contentType },
      queueSize: 2,
      partSize: 5 * 1024 * 1024,
    });
    await upload.done();
  }

  async open(key: string): Promise<Readable> {
    const answer = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: checkKey(key) }));
    return answer.Body as Readable;
  }

  async remove(key: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: checkKey(key) }));
  }
}

/** The driver the settings choose (ATTACHMENTS_STORAGE); S3 without a bucket is refused at boot. */
export function createAttachmentStorage(config: AttachmentsConfig): AttachmentStorage {
  if (config.storage === 'local') return new LocalAttachmentStorage(config.dir);
  const { endpoint, region, bucket, accessKeyId, secretAccessKey, forcePathStyle } = config.s3;
  if (!bucket) throw new ConfigError(['ATTACHMENTS_S3_BUCKET is required but missing (ATTACHMENTS_STORAGE=s3)']);
  const client = new S3Client({
    region,
    endpoint,
    forcePathStyle,
    ...(accessKeyId && secretAccessKey ? { credentials: { accessKeyId, secretAccessKey } } : {}),
  });
  return new S3AttachmentStorage(client, bucket);
}

/** The scratch space of uploads in progress (every driver's). */
export function scratchDir(config: AttachmentsConfig): string {
  return join(resolve(config.dir), '.tmp');
}
