/** Multipart form parsing for uploads (api/server/lib/getUploadFormData.ts), with busboy. */
import type { IncomingMessage } from 'node:http';
import busboy from 'busboy';
import { MeteorError } from './errors.js';

/** The one file a form carried, with the form's other fields. */
export interface UploadForm {
	fileBuffer: Buffer;
	filename: string;
	mimetype: string;
	fields: Record<string, string>;
}

/**
 * Reads the form; the file must be in `field` and within `sizeLimit` bytes, else `error-file-too-large` with
 * `tooLargeReason` (7.x getUploadFormData gives none). Null when no such file came.
 */
export function readUploadForm(req: IncomingMessage, field: string, sizeLimit: number, tooLargeReason?: string): Promise<UploadForm | null> {
	return new Promise((resolve, reject) => {
		let parser: busboy.Busboy;
		try {
			parser = busboy({ headers: req.headers, limits: { files: 1, fileSize: sizeLimit > 0 ? sizeLimit : undefined } });
		} catch {
			reject(new MeteorError('error-invalid-content-type', 'The request is not multipart/form-data: send the file as a form field named "file".'));
			return;
		}
		const fields: Record<string, string> = {};
		let file: Omit<UploadForm, 'fields'> | null = null;
		let tooLarge = false;
		const pending: Promise<void>[] = [];
		parser.on('field', (name, value) => {
			fields[name] = value;
		});
		parser.on('file', (name, stream, info) => {
			if (name !== field) {
				stream.resume();
				return;
			}
			const chunks: Buffer[] = [];
			stream.on('data', (chunk: Buffer) => chunks.push(chunk));
			stream.on('limit', () => {
				tooLarge = true;
			});
			pending.push(
				new Promise((done) =>
					stream.on('close', () => {
						file = { fileBuffer: Buffer.concat(chunks), filename: info.filename ?? 'file', mimetype: info.mimeType };
						done();
					}),
				),
			);
		});
		parser.on('error', (error: Error) => reject(error));
		parser.on('close', () => {
			void Promise.all(pending).then(() => {
				if (tooLarge) reject(new MeteorError('error-file-too-large', tooLargeReason));
				else resolve(file ? { ...file, fields } : null);
			});
		});
		req.pipe(parser);
	});
}
