package dev.lakeload.core.transform;

import dev.lakeload.core.row.Row;
import dev.lakeload.core.row.RowSink;
import java.util.List;

/**
 * Runs transformers one after the other: each row a transformer emits is fed to the next, and the last one's rows
 * reach the final sink. Rejects from any step go straight to the final sink. Not thread-safe.
 */
public final class TransformerChain {
    private final List<RowTransformer> transformers;

    public TransformerChain(List<RowTransformer> transformers) {
        this.transformers = List.copyOf(transformers);
    }

    /** Calls {@link RowTransformer#begin} on every step. */
    public void begin(TransformContext context) {
        transformers.forEach(t -> t.begin(context));
    }

    /** A sink that feeds the first transformer and ends in {@code last}. */
    public RowSink into(RowSink last) {
        RowSink next = last;
        for (int i = transformers.size() - 1; i >= 0; i--) {
            next = new Step(transformers.get(i), next, last);
        }
        return next;
    }

    /**
     * Calls {@link RowTransformer#end} on every step in order; rows a step flushes still pass through the steps
     * after it, which end only afterwards.
     */
    public void end(RowSink last) {
        for (int i = 0; i < transformers.size(); i++) {
            RowSink downstream = last;
            for (int j = transformers.size() - 1; j > i; j--) {
                downstream = new Step(transformers.get(j), downstream, last);
            }
            transformers.get(i).end(downstream);
        }
    }

    private record Step(RowTransformer transformer, RowSink next, RowSink rejects) implements RowSink {
        @Override
        public void accept(Row row) {
            transformer.transform(row, next);
        }

        @Override
        public void reject(Row origin, String column, String rawValue, String reason) {
            rejects.reject(origin, column, rawValue, reason);
        }
    }
}
