/**
 * When Rocket.Chat refuses an upload the bot makes (`statistics.json`), the answer says which setting refused
 * it, what an admin can change, and what can be done meanwhile. The error ids are those of
 * FileUpload.validateFileUpload and getUploadFormData (apps/meteor/app/file-upload/server/lib/FileUpload.ts,
 * apps/meteor/app/api/server/lib/getUploadFormData.ts); the setting labels are Rocket.Chat's English ones
 * (packages/i18n/src/locales/en.i18n.json), under Administration > Workspace > Settings > File Upload.
 */
import { RestError } from '../chat/rest.js';

const WHERE = 'Administration > Workspace > Settings > File Upload';

/** What each refusal means: the setting behind it and what an admin can do about it. */
const RULES: Record<string, (fileName: string, contentType: string) => string> = {
  'error-file-upload-disabled': () =>
    `file uploads are switched off on this workspace (setting *File Uploads Enabled*, \`FileUpload_Enabled\`). An admin can switch it on under ${WHERE}.`,
  'error-direct-message-file-upload-not-allowed': () =>
    `file uploads are switched off in direct messages (setting *File Uploads Enabled in Direct Messages*, \`FileUpload_Enabled_Direct\`). An admin can switch it on under ${WHERE}; or ask me with \`/info download\` in a channel or private group I am a member of, where uploads are allowed.`,
  'error-file-too-large': () =>
    `the file is larger than this workspace accepts (setting *Maximum File Upload Size (in bytes)*, \`FileUpload_MaxFileSize\`). An admin can raise the limit, or set it to -1 for no limit, under ${WHERE}.`,
  'error-invalid-file-type': (_fileName, contentType) =>
    `its media type \`${contentType}\` is not accepted (settings *Blocked Media Types*, \`FileUpload_MediaTypeBlackList\`, and *Accepted Media Types*, \`FileUpload_MediaTypeWhiteList\`). An admin can remove \`${contentType}\` from Blocked Media Types, or add it to Accepted Media Types when that list is not empty, under ${WHERE}.`,
};

/** The refusal behind an upload error, or undefined when the error is not one of the upload rules. */
export function uploadRefusal(error: unknown): string | undefined {
  if (!(error instanceof RestError) || error.status !== 400 || !error.errorType) return undefined;
  return error.errorType in RULES ? error.errorType : undefined;
}

/** "I could not upload …: Rocket.Chat refused it because …" for a refusal `uploadRefusal` recognised. */
export function explainRefusal(refusal: string, fileName: string, contentType: string): string {
  const because = RULES[refusal]?.(fileName, contentType) ?? 'of a workspace setting.';
  return `I could not upload \`${fileName}\`: Rocket.Chat refused it because ${because}`;
}

/**
 * The document as a code block under the explanation, when it is text that cannot close the block early;
 * undefined otherwise. Whether it fits Message_MaxAllowedSize is for Rocket.Chat to say when it is sent.
 */
export function inlineAlternative(explanation: string, content: Buffer, contentType: string): string | undefined {
  if (!/^(application\/json|text\/)/.test(contentType)) return undefined;
  const text = content.toString('utf8').trimEnd();
  if (text.includes('```')) return undefined;
  const language = contentType === 'application/json' ? 'json' : '';
  return `${explanation}\n\nHere it is as a message instead:\n\`\`\`${language}\n${text}\n\`\`\``;
}

/** The explanation alone, when the document is too long for a message on this workspace. */
export function tooLongForMessage(explanation: string, content: Buffer): string {
  const characters = content.toString('utf8').trimEnd().length;
  return `${explanation}\n\nIt is also too long (${characters} characters) to post as a message here: Rocket.Chat refuses messages longer than its *Maximum Allowed Characters Per Message* (\`Message_MaxAllowedSize\`, under Administration > Workspace > Settings > Message).`;
}
