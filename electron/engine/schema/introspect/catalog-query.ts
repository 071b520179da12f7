// What introspection needs of a connection: its query method and nothing else, so that a
// test can count the queries and no introspection can change the database.
export type QueryFn = <Row extends Record<string, unknown>>(
  statement: string,
  params?: readonly unknown[],
) => Promise<Row[]>;
