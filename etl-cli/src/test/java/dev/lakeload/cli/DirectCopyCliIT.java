package dev.lakeload.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakeload.testkit.pg.TestDatabase;
import dev.lakeload.testkit.pg.WriteLog;
import dev.lakeload.testkit.process.ChildProcess;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code directCopy: auto} through {@code bin/lakeload run} (with its default {@code -Xmx256m}): clean files are
 * copied straight into the table; a later file with a value that does not convert loads its chunk through staging,
 * its row a reject named by file, line and column, which {@code lakeload rejects} and {@code status} show; more
 * rejects than {@code maxRejects} fail the table (exit 3) with nothing of it loaded. A statement trigger records
 * which statement wrote the rows.
 */
class DirectCopyCliIT {
    @TempDir
    Path dir;

    @Test
    void cleanFilesAreCopiedStraightInAndABadValueLoadsThroughStagingAsAReject() {
        CliProject project = new CliProject(dir, "cli_direct");
        TestDatabase db = project.db();
        db.execute("CREATE TABLE public.orders (id bigint PRIMARY KEY, note text, amount numeric(12,2))");
        WriteLog.install(db, "public.orders");
        project.writeManifest("""
                - name: orders
                  from: shop/orders/
                  columns: [ { name: id, type: bigint }, { name: note, type: text },
                             { name: amount, type: "numeric(12,2)" } ]
                  maxRejects: 1
                  directCopy: auto
                """);
        project.write("shop/orders/LOAD00000001.csv", "1,\"a, b\",1.50\n2,,2\n");

        ChildProcess.Result first = CliProject.lakeload(Map.of(), "run", project.manifest().toString());

        assertThat(first.exitCode()).as(first.output()).isZero();
        assertThat(db.query("SELECT id, note, amount FROM orders ORDER BY id"))
                .containsExactly(List.of("1", "a, b", "1.50"), Arrays.asList("2", null, "2.00"));
        assertThat(WriteLog.statements(db)).containsExactly("COPY");

        project.write("shop/orders/20260101-000000000.csv", "3,c,3.00\n4,d,four\n");
        ChildProcess.Result second = CliProject.lakeload(Map.of(), "run", project.manifest().toString());

        assertThat(second.exitCode()).as(second.output()).isZero();
        assertThat(db.queryValue("SELECT count(*) FROM orders")).isEqualTo("3");
        // The second file's chunk failed at line 2: line 1 was copied again, line 2 went through staging.
        assertThat(WriteLog.statements(db)).containsExactly("COPY", "COPY", "INSERT");
        assertThat(db.query("SELECT file_key, line, column_name, raw_value FROM lakeload.rejects"))
                .containsExactly(List.of("shop/orders/20260101-000000000.csv", "2", "amount", "four"));
        assertThat(db.queryValue("SELECT count(*) FROM lakeload.files")).isEqualTo("2");
    }

    @Test
    void aBadValueCostsItsChunkAndRejectsAndStatusShowItAndTooManyFailWithExit3AndNothingLoaded() {
        CliProject project = new CliProject(dir, "cli_direct_rejects");
        TestDatabase db = project.db();
        db.execute("CREATE TABLE public.orders (id bigint PRIMARY KEY, note text, amount numeric(12,2))");
        WriteLog.install(db, "public.orders");
        project.writeManifest("""
                - name: orders
                  from: shop/orders/
                  columns: [ { name: id, type: bigint }, { name: note, type: text },
                             { name: amount, type: "numeric(12,2)" } ]
                  maxRejects: 1
                """);
        project.write("shop/orders/LOAD00000001.csv", "1,a,1.00\n2,b,2.00\n3,c,three\n4,d,4.00\n");

        ChildProcess.Result run = CliProject.lakeload(Map.of(), "run", project.manifest().toString());

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(db.queryValue("SELECT count(*) FROM orders")).isEqualTo("3");
        // The file's one chunk failed at line 3: the other lines were copied again, line 3 went through staging,
        // all in the direct copy's transaction.
        assertThat(WriteLog.statements(db)).containsExactly("COPY", "INSERT");
        ChildProcess.Result rejects = CliProject.lakeload(Map.of(), "rejects", project.manifest().toString());
        assertThat(rejects.exitCode()).as(rejects.output()).isZero();
        assertThat(rejects.output()).containsPattern("orders\\s+\\S+\\s+shop/orders/LOAD00000001.csv\\s+3\\s+amount"
                + "\\s+three");
        ChildProcess.Result status = CliProject.lakeload(Map.of(), "status", project.manifest().toString());
        assertThat(status.exitCode()).as(status.output()).isZero();
        assertThat(status.output()).contains("orders: 1 rejected row(s) not yet dealt with");

        project.write("shop/orders/20260101-000000000.csv", "5,e,five\n6,f,6.00\n7,g,seven\n");
        ChildProcess.Result tooMany = CliProject.lakeload(Map.of(), "run", project.manifest().toString());

        assertThat(tooMany.exitCode()).as(tooMany.output()).isEqualTo(ExitCodes.DATA);
        assertThat(tooMany.output()).contains("shop/orders/20260101-000000000.csv, line 1, column amount",
                "2 row(s) could not be loaded and maxRejects is 1");
        assertThat(db.queryValue("SELECT count(*) FROM orders")).isEqualTo("3");
        assertThat(db.queryValue("SELECT count(*) FROM lakeload.files")).isEqualTo("1");
        assertThat(db.queryValue("SELECT count(*) FROM lakeload.rejects")).isEqualTo("1");
        assertThat(db.tables("lakeload")).noneMatch(t -> t.startsWith("stg_") || t.startsWith("rej_"));
    }
}
