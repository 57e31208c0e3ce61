package io.ganzoo.spark;

import io.ganzoo.render.Renderer;
import io.ganzoo.sdk.Generator;
import io.ganzoo.sdk.UncheckedModelException;
import io.ganzoo.zoo.ModelException;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * The rows of one shard of {@link SparkRender#images}, rendered a batch at a time as the iterator is read, so that a
 * partition never holds more than one batch.
 */
final class ImageRows implements FlatMapFunction<Integer, Row> {
    private static final long serialVersionUID = 1L;

    private final Plan plan;

    ImageRows(Plan plan) {
        this.plan = plan;
    }

    @Override
    public Iterator<Row> call(Integer shard) throws ModelException {
        Generator g = ExecutorModel.get(plan);
        Renderer.Spec spec = plan.spec();
        long end = plan.end(shard);
        return new Iterator<>() {
            private long next = plan.first(shard);
            private final ArrayDeque<Row> rows = new ArrayDeque<>();

            @Override
            public boolean hasNext() {
                return !rows.isEmpty() || next < end;
            }

            @Override
            public Row next() {
                if (rows.isEmpty()) {
                    if (next >= end) {
                        throw new NoSuchElementException();
                    }
                    int m = (int) Math.min(plan.batchSize(), end - next);
                    Renderer.Batch b;
                    try {
                        b = Renderer.generate(g, spec, next, m);
                    } catch (ModelException e) {
                        throw new UncheckedModelException(e);
                    }
                    for (int i = 0; i < m; i++) {
                        int label = b.labels() == null ? -1 : b.labels()[i];
                        // the PNG the cli's sinks write for these pixels (with its provenance)
                        byte[] png = Renderer.png(g, spec, b.pixels().get(i), b.first() + i, label);
                        rows.add(RowFactory.create(
                                b.first() + i,
                                label,
                                label < 0 ? null : g.classes().get(label),
                                png));
                    }
                    next += m;
                }
                return rows.poll();
            }
        };
    }
}
