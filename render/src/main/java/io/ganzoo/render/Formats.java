package io.ganzoo.render;

import io.ganzoo.sdk.Generator;
import io.ganzoo.sdk.ModelMetadata;
import io.ganzoo.sdk.Provenance;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * The output formats: the three built-ins and those {@link ServiceLoader} finds for {@link OutputFormat}, by name.
 */
public final class Formats {
    private Formats() {}

    /**
     * A folder of PNGs ({@code 000000123.png}; for conditional models one sub-folder per class), written a unit at a
     * time; each file carries the image's provenance.
     */
    public static final OutputFormat PNG = new OutputFormat() {
        @Override
        public String name() {
            return "png";
        }

        @Override
        public Sink sink(Generator g, Renderer.Spec spec, long first, long end, Path out, int unit) {
            return new PngFolderSink(out, unit, spec.seed(), g.classes(), encoder(g, spec));
        }

        /** A file each, which takes whole 4 KiB blocks. */
        @Override
        public long bytesPerImage(ModelMetadata md) {
            return Math.max(4096, row(md) + 1024);
        }

        @Override
        public boolean distributable() {
            return false;
        }
    };

    /**
     * NumPy arrays: {@code images.npy} (uint8, n x H x W x C) and, for conditional models, {@code labels.npy} (int64);
     * at most {@link Integer#MAX_VALUE} images per array.
     */
    public static final OutputFormat NPY = new OutputFormat() {
        @Override
        public String name() {
            return "npy";
        }

        @Override
        public Sink sink(Generator g, Renderer.Spec spec, long first, long end, Path out, int unit) throws IOException {
            long n = end - first;
            if (n > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("npy: at most " + Integer.MAX_VALUE
                        + " images per array, this one has " + n + "; split the run into more shards");
            }
            ModelMetadata md = g.metadata();
            return new NpySink(
                    out,
                    unit,
                    spec.seed(),
                    first,
                    n,
                    new int[] {md.height(), md.width(), md.channels()},
                    g.isConditional() ? k -> Renderer.labels(g, spec, k, 1)[0] : null);
        }

        @Override
        public long bytesPerImage(ModelMetadata md) {
            return row(md);
        }

        @Override
        public void check(long images) {
            if (images > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("npy: at most " + Integer.MAX_VALUE + " images per shard, this one"
                        + " has " + images + "; split the run with --shard i/k");
            }
        }

        /** A task's arrays are {@code images-<first>.npy} and {@code labels-<first>.npy}. */
        @Override
        public String publishedName(String local, long first) {
            if (local.endsWith(".npy")) {
                return local.substring(0, local.length() - 4) + String.format(Locale.ROOT, "-%09d.npy", first);
            }
            return local;
        }
    };

    /**
     * WebDataset tar shards ({@code shard-<first index>.tar}) of {@link Renderer.Spec#perTar} samples, each a
     * {@code <index>.png} and a {@code <index>.json} (seed, label, class, model and its SHA-256).
     */
    public static final OutputFormat WDS = new OutputFormat() {
        @Override
        public String name() {
            return "wds";
        }

        @Override
        public Sink sink(Generator g, Renderer.Spec spec, long first, long end, Path out, int unit) throws IOException {
            Map<String, String> about = Provenance.of(g).text();
            return new TarSink(
                    out,
                    spec.perTar(),
                    spec.seed(),
                    g.classes(),
                    encoder(g, spec),
                    about.get(Provenance.MODEL),
                    about.get(Provenance.MODEL_SHA256),
                    first,
                    end);
        }

        /** Tar headers and 512-byte blocks. */
        @Override
        public long bytesPerImage(ModelMetadata md) {
            return row(md) + 1024;
        }

        @Override
        public boolean packs() {
            return true;
        }
    };

    /** Bytes of one image's pixels. */
    static long row(ModelMetadata md) {
        return (long) md.channels() * md.height() * md.width();
    }

    /** Image k as the one PNG every writer makes of it ({@link Renderer#png}). */
    static PngFolderSink.Encoder encoder(Generator g, Renderer.Spec spec) {
        return (px, index, label) -> Renderer.png(g, spec, px, index, label);
    }

    /** Every format by name: the built-ins, then those found by {@link ServiceLoader}, in that order. */
    public static Map<String, OutputFormat> all() {
        Map<String, OutputFormat> out = new LinkedHashMap<>();
        for (OutputFormat f : List.of(PNG, NPY, WDS)) {
            out.put(f.name(), f);
        }
        for (OutputFormat f : ServiceLoader.load(OutputFormat.class, OutputFormat.class.getClassLoader())) {
            out.putIfAbsent(f.name(), f); // a built-in's name stays the built-in's
        }
        return out;
    }

    /**
     * The format called {@code name} (case and surrounding blanks ignored).
     *
     * @throws IllegalArgumentException naming the formats there are
     */
    public static OutputFormat get(String name) {
        Map<String, OutputFormat> all = all();
        OutputFormat f = all.get(name.trim().toLowerCase(Locale.ROOT));
        if (f == null) {
            List<String> names = new ArrayList<>(all.keySet());
            String known = names.size() == 1
                    ? names.get(0)
                    : String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.get(names.size() - 1);
            throw new IllegalArgumentException("--format: expected " + known + ", found '" + name + "' (a format of"
                    + " your own is found when its jar is on the class path: docs/render.md, \"Adding an output"
                    + " format\")");
        }
        return f;
    }
}
