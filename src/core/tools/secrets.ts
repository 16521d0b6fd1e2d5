/**
 * Which workspace files look like they hold secrets. Agents can neither read nor write them
 * (nor see them in listings or search) unless the user's policy allows it.
 *
 * Matched case-insensitively against each path's file name (and folder names for the
 * folder rules), because Windows and macOS file systems ignore case:
 *
 *   environment files   .env, .env.* and *.env       but not .env.example / .sample / .template / .dist
 *   keys and stores     *.pem *.key *.p12 *.pfx *.jks *.keystore *.ppk, id_rsa* id_dsa* id_ecdsa* id_ed25519*
 *   credential files    .npmrc .pypirc .netrc _netrc .git-credentials .pgpass .htpasswd *.tfstate*
 *   named data files    credentials or secrets (either alone or with a data extension such as
 *                       .json .yml .ini .txt …; credentials.ts and secrets.py are code the agents may
 *                       need to edit, so source extensions stay readable)
 *   secret folders      anything under .ssh/, .gnupg/ or .aws/
 */

const ENV_TEMPLATES = new Set(['.env.example', '.env.sample', '.env.template', '.env.dist']);

const SECRET_EXTENSIONS = ['.pem', '.key', '.p12', '.pfx', '.jks', '.keystore', '.ppk'];

const SECRET_NAMES = new Set(['.npmrc', '.pypirc', '.netrc', '_netrc', '.git-credentials', '.pgpass', '.htpasswd']);

const SSH_KEY = /^id_(rsa|dsa|ecdsa|ed25519)/;

const TERRAFORM_STATE = /\.tfstate(\.|$)/;

/** `credentials` / `secrets` alone or as data (not source code), optionally with a suffix like `secrets.prod.yml`. */
const NAMED_DATA = /^(credentials|secrets?)([._-][\w.-]*)?\.(json|ya?ml|toml|ini|xml|txt|env|conf|cfg|properties|plist|csv)$|^(credentials|secrets)$/;

const SECRET_FOLDERS = new Set(['.ssh', '.gnupg', '.aws']);

/**
 * Text every path some rule below refuses contains (case aside): a path without any of it is
 * harmless at once. Listings test every file of a large repository, so this saves the full rules.
 */
const MAY_BE_SECRET = /\.ssh\/|\.gnupg\/|\.aws\/|env|\.pem|\.key|\.p12|\.pfx|\.jks|\.ppk|id_|netrc|npmrc|pypirc|credential|pgpass|htpasswd|tfstate|secret/i;

/** The secret rule a workspace-relative POSIX path falls under, or undefined when it looks harmless. */
export function secretRule(relPath: string): string | undefined {
  if (!MAY_BE_SECRET.test(relPath)) return undefined;
  const parts = relPath.toLowerCase().split('/');
  const name = parts[parts.length - 1] ?? '';
  const folder = parts.slice(0, -1).find((p) => SECRET_FOLDERS.has(p));
  if (folder !== undefined) return `files under ${folder}/ may hold secrets`;
  if (name === '.env' || (name.startsWith('.env.') && !ENV_TEMPLATES.has(name)) || (name.endsWith('.env') && name.length > 4)) {
    return 'environment files (.env, .env.*) may hold secrets; .env.example is readable';
  }
  const ext = SECRET_EXTENSIONS.find((e) => name.endsWith(e));
  if (ext !== undefined) return `${ext} files are keys or key stores`;
  if (SSH_KEY.test(name)) return 'SSH keys (id_rsa*, id_ed25519*, …) are secret';
  if (SECRET_NAMES.has(name)) return `${name} files hold credentials`;
  if (TERRAFORM_STATE.test(name)) return 'Terraform state files hold secrets';
  if (NAMED_DATA.test(name)) return 'credentials and secrets data files are secret';
  return undefined;
}
