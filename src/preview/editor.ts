/**
 * Open-in-editor links: each problem the preview lists links to its file, line and column through a URL
 * template the editor understands. `{file}` is the absolute path, `{line}` and `{column}` 1-based (1 when the
 * problem names none). The default opens Visual Studio Code; `none` turns links off. Set by `preview
 * --editor-url` or the environment variable {@link EDITOR_URL_ENV}. Examples:
 *
 * - VS Code: `vscode://file/{file}:{line}:{column}` (the default); VSCodium `vscodium://file/{file}:{line}:{column}`
 * - JetBrains IDEs: `jetbrains://idea/navigate/reference?path={file}:{line}`; Sublime Text (with a URL handler) `subl://open?url=file://{file}&line={line}`
 */
import path from 'node:path';
import { BriefingError, type Place } from '../errors.ts';
import { msg } from '../messages.ts';

/** The environment variable that sets the editor URL template when `--editor-url` is not given. */
export const EDITOR_URL_ENV = 'BRIEFING_EDITOR_URL';

/** The template used when none is given: Visual Studio Code's file URL. */
export const DEFAULT_EDITOR_URL = 'vscode://file/{file}:{line}:{column}';

/** The template's value that turns links off. */
export const NO_EDITOR = 'none';

/** The link of a place (null when it names no file, or links are off). */
export type EditorLink = (place: Pick<Place, 'file' | 'line' | 'column'>) => string | null;

/** Schemes a link may not use: they would run code in the preview page instead of opening an editor. */
const SCRIPT_SCHEMES = /^(javascript|data|vbscript|blob):/i;

/**
 * The link maker of a template (`none` for none).
 * @throws BriefingError (`usage`, BR312) for a template that is not a URL naming `{file}` or whose scheme runs
 *   code; (BR313) for a placeholder other than `{file}`, `{line}` and `{column}`.
 */
export function editorLinks(template: string = DEFAULT_EDITOR_URL): EditorLink {
  if (template.trim().toLowerCase() === NO_EDITOR) return () => null;
  if (!/^[a-z][a-z0-9+.-]*:/i.test(template) || !template.includes('{file}') || SCRIPT_SCHEMES.test(template)) throw BriefingError.of(msg.editorUrlForm(template));
  const unknown = [...template.matchAll(/\{([^{}]*)\}/g)].map((m) => m[1]!).find((name) => !['file', 'line', 'column'].includes(name));
  if (unknown !== undefined) throw BriefingError.of(msg.editorUrlPlaceholder(template, unknown));
  return (place) => {
    if (place.file === undefined) return null;
    const abs = path.resolve(place.file).split(path.sep).join('/');
    const encoded = encodeURI(abs).replace(/[?#]/g, encodeURIComponent);
    // `file/{file}` with an absolute POSIX path would read `file//home/...`: the path's own slash serves.
    return template
      .replace(/\/?\{file\}/g, (m) => (m.startsWith('/') && encoded.startsWith('/') ? encoded : m.startsWith('/') ? `/${encoded}` : encoded))
      .replaceAll('{line}', String(place.line ?? 1))
      .replaceAll('{column}', String(place.column ?? 1));
  };
}
