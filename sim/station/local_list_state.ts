/** The data of a station's Local Authorization List (D01–D04); the handlers are in local_list.ts. */

/** One list entry: the token's type and what its idTokenInfo says. */
export interface ListedToken {
  type: string;
  status: string;
  cacheExpiryDateTime?: string;
}

/** The list: its version (0: none) and entries by token value. */
export interface LocalList {
  version: number;
  entries: Readonly<Record<string, ListedToken>>;
}

/** No list yet (version 0). */
export const EMPTY_LIST: LocalList = { version: 0, entries: {} };
