package dev.lakeload.testkit.pg;

import java.util.List;

/**
 * Records which kind of statement wrote rows into a table ({@code COPY} or {@code INSERT}), through a statement
 * trigger, so that a test can tell a direct copy from a load through staging by what the database saw.
 */
public final class WriteLog {
    private WriteLog() {
    }

    /** Adds the trigger to {@code table} (schema-qualified) of {@code db}, logging into {@code public.writes}. */
    public static void install(TestDatabase db, String table) {
        db.execute("""
                CREATE TABLE public.writes (query text);
                CREATE FUNCTION public.record_write() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    INSERT INTO public.writes VALUES (split_part(current_query(), ' ', 1));
                    RETURN NULL;
                END $$;
                CREATE TRIGGER record_write AFTER INSERT ON %s
                    FOR EACH STATEMENT EXECUTE FUNCTION public.record_write();
                """.formatted(table));
    }

    /** The first word of each statement that wrote into the table, in order: {@code COPY} or {@code INSERT}. */
    public static List<String> statements(TestDatabase db) {
        return db.query("SELECT query FROM public.writes").stream().map(row -> row.get(0)).toList();
    }
}
