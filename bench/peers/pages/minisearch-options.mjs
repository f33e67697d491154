// MiniSearch configuration shared by the index build, the browser page and the
// native (node) latency run, so all three use the same index and searches.
//
// Index: title and body, storing what a result list shows (title, url, date,
// tags). Search: the options MiniSearch's README suggests for a search box
// (title boost 2, prefix search, fuzzy 0.2), the closest to trovi's defaults
// (prefix and typo tolerance on); MiniSearch has no stemming and combines
// words with OR by default.
export const MINISEARCH_OPTIONS = {
  fields: ["title", "body"],
  storeFields: ["title", "url", "date", "tags"],
};

export const MINISEARCH_SEARCH = { boost: { title: 2 }, prefix: true, fuzzy: 0.2 };

/** Results shown, as the other engines' pages show. */
export const LIMIT = 10;
