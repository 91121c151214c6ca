package dev.lakeload.core.transform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakeload.core.row.Column;
import dev.lakeload.core.row.Row;
import dev.lakeload.core.row.RowSink;
import dev.lakeload.core.row.Schema;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TransformerChainTest {
    private static final Schema SCHEMA = Schema.ofNames(List.of("n"));

    private final List<String> accepted = new ArrayList<>();
    private final List<String> rejected = new ArrayList<>();
    private final RowSink last = new RowSink() {
        @Override
        public void accept(Row row) {
            accepted.add(String.join("|", row.copyValues()));
        }

        @Override
        public void reject(Row origin, String column, String rawValue, String reason) {
            rejected.add(origin.line() + ":" + reason);
        }
    };

    /** Emits each row twice. */
    private static final RowTransformer DUPLICATE = (row, out) -> {
        out.accept(row);
        out.accept(row);
    };

    /** Adds a column with the row's line; rejects odd numbers; holds back one row until end. */
    private static final class Tagger implements RowTransformer {
        private final Schema tagged = SCHEMA.withColumn(new Column("tag", "bigint", null));
        private Row held;
        private String prefix;

        @Override
        public void begin(TransformContext context) {
            prefix = context.table();
            held = null;
        }

        @Override
        public void transform(Row row, RowSink out) {
            if (Integer.parseInt(row.get(0)) % 2 == 1) {
                out.reject(row, "n", row.get(0), "odd");
                return;
            }
            if (held == null) {
                held = row;
                return;
            }
            out.accept(row.withValues(tagged, new String[] {row.get(0), prefix + row.line()}));
        }

        @Override
        public void end(RowSink out) {
            if (held != null) {
                out.accept(held.withValues(tagged, new String[] {held.get(0), prefix + "end"}));
            }
        }
    }

    private static Row row(String n, long line) {
        return new Row(SCHEMA, new String[] {n}, "f", line);
    }

    @Test
    void rowsFlowThroughEveryStepAndRejectsSkipTheRest() {
        TransformerChain chain = new TransformerChain(List.of(new Tagger(), DUPLICATE));
        chain.begin(new TransformContext("t", List.of(), Map.of()));
        RowSink input = chain.into(last);

        input.accept(row("2", 1));
        input.accept(row("3", 2));
        input.accept(row("4", 3));
        chain.end(last);

        assertThat(accepted).containsExactly("4|t3", "4|t3", "2|tend", "2|tend");
        assertThat(rejected).containsExactly("2:odd");
    }

    @Test
    void anEmptyChainPassesRowsThrough() {
        TransformerChain chain = new TransformerChain(List.of());
        chain.into(last).accept(row("7", 1));
        chain.end(last);

        assertThat(accepted).containsExactly("7");
    }
}
