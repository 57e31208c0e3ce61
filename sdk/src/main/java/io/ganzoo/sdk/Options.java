package io.ganzoo.sdk;

import io.ganzoo.zoo.Zoo;

import java.util.Objects;

/**
 * How a model runs, for {@link Generator} and {@link Classifier} alike: the device, threads and batch size.
 * Immutable; build with {@link #builder()}.
 */
public final class Options {
    /**
     * Most threads a generator may use: 8 per core. More only adds contention (1,000 threads took 70 s for 4
     * images on 2 cores; 100,000 never finished).
     */
    public static final int MAX_THREADS_PER_CORE = 8;
    /** Largest batch size. */
    public static final int MAX_BATCH = 65_536;

    private static final Options DEFAULTS = builder().build();

    static void checkThreads(String what, int threads) {
        int max = MAX_THREADS_PER_CORE * Runtime.getRuntime().availableProcessors();
        if (threads < 0 || threads > max) {
            throw new IllegalArgumentException(what + ": expected 0 (one per core) to " + max + " ("
                    + MAX_THREADS_PER_CORE + " per core on this machine's "
                    + Runtime.getRuntime().availableProcessors()
                    + "), found " + threads);
        }
    }

    private final int intraOpThreads;
    private final int threads;
    private final int batchSize;
    private final Device device;
    private final boolean cpuFallback;
    private final Zoo zoo;

    private Options(Builder b) {
        this.intraOpThreads = b.intraOpThreads;
        this.threads = b.threads;
        this.batchSize = b.batchSize;
        this.device = b.device;
        this.cpuFallback = b.cpuFallback;
        this.zoo = b.zoo;
    }

    /** These options with another batch size (for models whose batch axis is fixed at 1). */
    Options withBatchSize(int size) {
        Builder b = new Builder();
        b.intraOpThreads = intraOpThreads;
        b.threads = threads;
        b.batchSize = size;
        b.device = device;
        b.cpuFallback = cpuFallback;
        b.zoo = zoo;
        return new Options(b);
    }

    /** One thread per core, batches of 64, the CPU. */
    public static Options defaults() {
        return DEFAULTS;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** ONNX Runtime intra-op threads of a single run per batch; 0 when batches are split instead (the default). */
    public int intraOpThreads() {
        return intraOpThreads;
    }

    /** Threads a batch is split across, one ONNX Runtime thread each; 0 for one per core. */
    public int threads() {
        return threads;
    }

    /**
     * ONNX Runtime intra-op threads of a run that is not split (a classifier's, a generator's on CUDA or with
     * {@link #intraOpThreads()}, a generator's with {@code threads == 1}): {@link #intraOpThreads()} when set, else
     * {@link #threads()} when set, else 0 (ONNX Runtime's default, one per core). So {@code optThreads(1)} means one
     * thread in all.
     */
    int runThreads() {
        return intraOpThreads > 0 ? intraOpThreads : threads;
    }

    /** Images per ONNX Runtime call. */
    public int batchSize() {
        return batchSize;
    }

    /** The device asked for. */
    public Device device() {
        return device;
    }

    /** Whether a CUDA device that cannot be used falls back to the CPU instead of failing. */
    public boolean cpuFallback() {
        return cpuFallback;
    }

    /**
     * The zoo model names are resolved in: the one given to {@link Builder#optZoo}, or {@link Zoo#configured()} (the
     * repositories and cache of {@code GANZOO_REPOSITORIES}, {@code GANZOO_HOME}, ...) when none was.
     */
    public Zoo zoo() {
        return zoo != null ? zoo : Zoo.configured();
    }

    /** The zoo given to {@link Builder#optZoo}, or null: the configured one, made only when a name is resolved. */
    Zoo givenZoo() {
        return zoo;
    }

    /** Builder of {@link Options}. */
    public static final class Builder {
        private int intraOpThreads;
        private int threads;
        private int batchSize = 64;
        private Device device = Device.cpu();
        private boolean cpuFallback;
        private Zoo zoo;

        private Builder() {}

        /**
         * Resolves model names in {@code zoo}, a zoo configured in code ({@link Zoo#builder()}: its repositories, cache
         * and offline switch), instead of the one the environment configures ({@link Zoo#configured()}).
         */
        public Builder optZoo(Zoo zoo) {
            this.zoo = java.util.Objects.requireNonNull(zoo, "zoo");
            return this;
        }

        /**
         * CPU threads to sample with (default 0: one per core). Each batch is split into that many parts, run at
         * once with one ONNX Runtime thread each: images do not depend on each other, and on the benchmark
         * machine this drew 1.2x to 1.6x more images per second than one run with ONNX Runtime's own threads
         * (docs/performance.md). Batches of fewer than two images per thread (one image, say) run whole, with
         * ONNX Runtime's own threads, which is faster there. Pixels are the same either way.
         */
        public Builder optThreads(int threads) {
            checkThreads("threads", threads);
            this.threads = threads;
            return this;
        }

        /**
         * Runs each batch whole, parallelised inside ONNX Runtime with this many intra-op threads, instead of
         * splitting it ({@link #optThreads}). 0 (the default) splits.
         */
        public Builder optIntraOpThreads(int threads) {
            checkThreads("intra-op threads", threads);
            this.intraOpThreads = threads;
            return this;
        }

        /**
         * Images per ONNX Runtime call (default 64; 1..65536). A generator runs fewer at once when a batch this large
         * would take more than 2 GiB of native memory (64 times its output in float32); images never depend on it.
         *
         * @throws IllegalArgumentException outside 1..65536
         */
        public Builder optBatchSize(int batchSize) {
            if (batchSize <= 0 || batchSize > MAX_BATCH) {
                throw new IllegalArgumentException("batch size: expected 1.." + MAX_BATCH + ", found " + batchSize);
            }
            this.batchSize = batchSize;
            return this;
        }

        /** The device to run on (default: the CPU). */
        public Builder optDevice(Device device) {
            this.device = Objects.requireNonNull(device, "device");
            return this;
        }

        /**
         * When a CUDA device is asked for and cannot be used, run on the CPU instead of failing (default: fail).
         * {@link Generator#device()} tells which was taken.
         */
        public Builder optCpuFallback(boolean fallback) {
            this.cpuFallback = fallback;
            return this;
        }

        public Options build() {
            return new Options(this);
        }
    }
}
