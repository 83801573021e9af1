/**
 * Secrets read from files named by the environment (`ROCKETCHAT_PASSWORD_FILE=/run/secrets/rc-password`), as Docker
 * and Kubernetes mount them, so credentials need not sit in the environment. The file's content is the value, less one
 * trailing line break (editors and `kubectl create secret --from-file` add one). Contents are never logged or echoed.
 */

/** The variables that may be given as files, each as `<NAME>_FILE`. */
export const SECRET_FILE_VARIABLES = ['ROCKETCHAT_PASSWORD', 'ROCKETCHAT_AUTH_TOKEN', 'MONGO_URL', 'INFOBOT_MONGO_URL'] as const;

/** One bad `_FILE` variable and its fix. */
export interface SecretFileProblem {
  variable: string;
  message: string;
}

/** Reads a file's text; injected by tests. */
export type ReadText = (path: string) => string;

/** The environment with every `<NAME>_FILE` replaced by `<NAME>` = the file's content. */
export function resolveSecretFiles(env: NodeJS.ProcessEnv, readText: ReadText): { env: NodeJS.ProcessEnv; problems: SecretFileProblem[] } {
  const resolved: NodeJS.ProcessEnv = { ...env };
  const problems: SecretFileProblem[] = [];
  for (const name of SECRET_FILE_VARIABLES) {
    const path = env[`${name}_FILE`]?.trim();
    if (!path) continue;
    const variable = `${name}_FILE`;
    if (env[name]?.trim()) {
      problems.push({ variable, message: `and ${name} are both set: keep one of them` });
      continue;
    }
    try {
      resolved[name] = readText(path).replace(/\r?\n$/, '');
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      problems.push({ variable, message: `names ${path}, which cannot be read (${typeof code === 'string' ? code : 'unreadable'}): check the path and that the bot's user may read it` });
    }
  }
  return { env: resolved, problems };
}
