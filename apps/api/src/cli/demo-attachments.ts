import { createHash, randomUUID } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import type { EntityManager } from 'typeorm';
import { loadConfig } from '@cg/server/config';
import { AttachmentEntity, query, sql } from '@cg/server/db';
import { createAttachmentStorage, scratchDir } from '@cg/server/cases';

/**
 * The demo's attachments, on the first case (Piaski): a photo of the broken garage door on the municipal guard's
 * AGENCIES incident (which the NGO partners do not see), a photo of the garages on the housing cooperative's PARTNERS
 * note, and the minutes of the residents' debate as a PDF. The images are drawn here (SVG through sharp), with their
 * thumbnails, and stored through the configured driver like any upload.
 */
const DEMO_FILES: { body: string; fileName: string; kind: 'photo' | 'pdf'; picture?: { sky: string; ground: string; label: string } }[] = [
  { body: 'Interwencja SM w sobotę 22:10', fileName: 'szyba-garaz-48.jpg', kind: 'photo', picture: { sky: '#1d2a44', ground: '#4a4f57', label: 'Garaż, blok 48 — wybita szyba' } },
  { body: 'Spółdzielnia zamontuje dwie lampy', fileName: 'garaze-oswietlenie.jpg', kind: 'photo', picture: { sky: '#8fb8de', ground: '#7c8b6f', label: 'Garaże przy bloku 48 — miejsca na lampy' } },
  { body: 'Debata społeczna w klubie osiedlowym', fileName: 'protokol-debaty.pdf', kind: 'pdf' },
];

function drawing(picture: { sky: string; ground: string; label: string }): Buffer {
  return Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="960" height="640">
    <rect width="960" height="400" fill="${picture.sky}"/><rect y="400" width="960" height="240" fill="${picture.ground}"/>
    <rect x="120" y="220" width="720" height="240" fill="#b9b4a8"/><rect x="170" y="290" width="180" height="170" fill="#5b6168"/>
    <rect x="390" y="290" width="180" height="170" fill="#5b6168"/><rect x="610" y="290" width="180" height="170" fill="#5b6168"/>
    <polygon points="430,320 470,300 520,350 470,380" fill="#d9e6f2" opacity="0.8"/>
    <rect x="0" y="580" width="960" height="60" fill="#000" opacity="0.55"/>
    <text x="24" y="620" font-family="sans-serif" font-size="30" fill="#fff">${picture.label}</text></svg>`);
}

function minutes(): Buffer {
  const text = 'Protokol debaty spolecznej - osiedle Piaski. 46 uczestnikow, w tym 9 nastolatkow. Ustalono wspolny spacer diagnostyczny.';
  const stream = `BT /F1 12 Tf 50 780 Td (${text}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((object, i) => {
    offsets.push(body.length);
    body += `${i + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

export async function seedAttachments(manager: EntityManager, caseId: string): Promise<void> {
  const config = loadConfig().attachments;
  const storage = createAttachmentStorage(config);
  const scratch = scratchDir(config);
  await mkdir(scratch, { recursive: true });
  for (const demo of DEMO_FILES) {
    const [update] = await query<{ id: string; author_id: string; author_organisation_id: string }>(
      manager,
      sql`SELECT id, author_id, author_organisation_id FROM case_updates WHERE case_id = ${caseId} AND body LIKE ${`${demo.body}%`} LIMIT 1`,
    );
    if (!update) continue;
    const id = randomUUID();
    const key = `cases/${caseId}/${id}`;
    const content = demo.picture ? await sharp(drawing(demo.picture)).jpeg({ quality: 80 }).toBuffer() : minutes();
    const file = join(scratch, id);
    const thumbnail = `${file}.thumb`;
    try {
      await writeFile(file, content);
      if (demo.picture) await sharp(content).resize(320, 320, { fit: 'inside' }).webp({ quality: 70 }).toFile(thumbnail);
      await storage.commit(key, file, demo.picture ? 'image/jpeg' : 'application/pdf');
      if (demo.picture) await storage.commit(`${key}.thumb.webp`, thumbnail, 'image/webp');
    } finally {
      await rm(file, { force: true });
      await rm(thumbnail, { force: true });
    }
    await manager.getRepository(AttachmentEntity).insert({
      id,
      caseId,
      updateId: update.id,
      fileName: demo.fileName,
      contentType: demo.picture ? 'image/jpeg' : 'application/pdf',
      sizeBytes: content.length,
      sha256: createHash('sha256').update(content).digest('hex'),
      storageKey: key,
      thumbnailKey: demo.picture ? `${key}.thumb.webp` : null,
      uploadedById: update.author_id,
      organisationId: update.author_organisation_id,
    });
  }
}
