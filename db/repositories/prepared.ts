/**
 * A drizzle query built and prepared the first time it runs, then run again with new values for
 * its `sql.placeholder`s. Building a query's SQL text costs more than running it on SQLite for the
 * small reads of a page; the queries a page runs on every view are kept prepared this way.
 */
export function preparedOnce<Query>(build: () => Query): () => Query {
  let query: Query | undefined;
  return () => {
    query ??= build();
    return query;
  };
}
