/** turndown-plugin-gfm ships no types: the GitHub-flavoured Markdown plugin (tables, strikethrough, task lists) for turndown. Used by the bench only. */
declare module 'turndown-plugin-gfm' {
  import type TurndownService from 'turndown';
  export const gfm: TurndownService.Plugin;
}
