/** Which database a DATABASE_URL names: a postgres:// or postgresql:// URL is PostgreSQL, a file: URL SQLite. */
export const isPostgresUrl = (url: string) => /^postgres(ql)?:\/\//i.test(url);
