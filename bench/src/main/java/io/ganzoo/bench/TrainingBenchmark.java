package io.ganzoo.bench;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import io.ganzoo.sdk.Noise;
import io.ganzoo.trainer.train.Family;
import io.ganzoo.trainer.train.GanModel;
import io.ganzoo.trainer.train.GanStep;
import io.ganzoo.trainer.train.Lipschitz;
import io.ganzoo.trainer.train.Optimizer;
import io.ganzoo.trainer.train.TrainConfig;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Milliseconds per discriminator update and per generator update of each family's Fashion-MNIST configuration
 * ({@link TrainConfig#preset}: 28x28 DCGAN networks, ngf = ndf = 64, batch 64), through the trainer's own
 * {@link GanStep}: forward, penalties, backward and the optimizer step. A training step is {@code criticSteps} D
 * updates and one G update.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 8, time = 2)
@Fork(
        value = 1,
        jvmArgsAppend = {
            "-Dai.djl.offline=true",
            "-Dai.djl.pytorch.num_threads=" + SamplingBenchmark.THREADS,
            "-Dai.djl.pytorch.num_interop_threads=1",
            "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"
        })
public class TrainingBenchmark {
    /** {@code dcgan}, {@code cgan}, {@code wgan-gp}, {@code wgan-clip} or {@code rpgan}. */
    @Param({"dcgan", "cgan", "wgan-gp", "wgan-clip", "rpgan"})
    public String family;

    private GanModel model;
    private GanStep step;
    private float[] real;
    private int[] labels;
    private float[] z;
    private float[] mix;
    private int batch;

    @Setup(Level.Trial)
    public void setUp() {
        String[] f = family.split("-");
        TrainConfig config = TrainConfig.preset(Family.parse(f[0]), Lipschitz.parse(f.length > 1 ? f[1] : "gp"))
                .build();
        batch = config.batchSize();
        model = GanModel.create(config, 1, 28, 28, 10);
        Optimizer optG =
                Optimizer.create(config, model.generator().trainable(), config.learningRateG(), model.manager());
        Optimizer optD =
                Optimizer.create(config, model.discriminator().trainable(), config.learningRateD(), model.manager());
        step = new GanStep(model, config.objective().create(), optG, optD);
        SplittableRandom r = new SplittableRandom(1);
        real = new float[batch * 28 * 28];
        for (int i = 0; i < real.length; i++) {
            real[i] = (float) (r.nextDouble() * 2 - 1);
        }
        labels = new int[batch];
        mix = new float[batch];
        for (int i = 0; i < batch; i++) {
            labels[i] = i % 10;
            mix[i] = (float) r.nextDouble();
        }
        z = Noise.standardNormal(2, 0, batch, config.latentSize());
    }

    /** As the trainer's loop: forward passes outside a gradient collector record no graph on this thread. */
    @Setup(Level.Iteration)
    public void noGrad() {
        JniUtils.setGradMode(false);
    }

    @Benchmark
    public float discriminatorUpdate() {
        try (NDManager sm = model.manager().newSubManager()) {
            return step.updateDiscriminator(
                            sm.create(real, new Shape(batch, 1, 28, 28)),
                            model.classes() > 0 ? sm.create(labels) : null,
                            sm.create(z, new Shape(batch, z.length / batch)),
                            mix)
                    .loss();
        }
    }

    @Benchmark
    public float generatorUpdate() {
        try (NDManager sm = model.manager().newSubManager()) {
            return step.updateGenerator(
                            sm.create(real, new Shape(batch, 1, 28, 28)),
                            model.classes() > 0 ? sm.create(labels) : null,
                            sm.create(z, new Shape(batch, z.length / batch)))
                    .loss();
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        model.close();
    }
}
