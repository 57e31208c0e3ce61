package io.ganzoo.trainer.train;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The builder, the named presets, the wire names of the choices and the JSON that checkpoints and models record. */
class TrainConfigTest {
    /** A checkpoint header's config as ganzoo wrote it before the builder (a wgan-clip dry run). */
    static final String RECORDED = "{\"name\":\"fashion-wgan-clip\",\"version\":\"1.0.0\",\"family\":\"wgan\","
            + "\"objective\":\"wasserstein\",\"dataset\":\"synthetic/rectangles\",\"latentSize\":16,\"ngf\":8,\"ndf\":8,"
            + "\"batchSize\":16,\"epochs\":20,\"steps\":6,\"learningRateG\":5.0E-5,\"learningRateD\":5.0E-5,\"beta1\":0.0,"
            + "\"beta2\":0.9,\"seed\":11,\"sampleEvery\":2,\"checkpointEvery\":3,\"optimizer\":\"rmsprop\",\"criticSteps\":5,"
            + "\"clip\":0.01,\"gpWeight\":0.0,\"r1r2Gamma\":0.0}";
    /** The fields added since {@link #RECORDED} was written, with the values such configurations behave as. */
    static final String LATER_FIELDS =
            ",\"emaHalfLife\":0,\"emaRampup\":0.05,\"augment\":\"\",\"r1r2Interval\":1,\"backbone\":\"dcgan\","
                    + "\"spectralNorm\":false,\"augmentP\":1.0,\"augmentTarget\":0.0,\"augmentSpeed\":500000}";

    @Test
    void presetsHoldThePapersDefaults() {
        TrainConfig d = TrainConfig.dcgan().build();
        assertEquals(
                "TrainConfig[name=fashion-dcgan, version=1.0.0, family=dcgan, objective=non-saturating,"
                        + " dataset=fashion-mnist/train, latentSize=100, ngf=64, ndf=64, batchSize=64, epochs=20, steps=0,"
                        + " learningRateG=2.0E-4, learningRateD=2.0E-4, beta1=0.5, beta2=0.999, seed=7, sampleEvery=0,"
                        + " checkpointEvery=500, optimizer=adam, criticSteps=1, clip=0.0, gpWeight=0.0, r1r2Gamma=0.0,"
                        + " emaHalfLife=0, emaRampup=0.05, augment=, r1r2Interval=1, backbone=dcgan, spectralNorm=false,"
                        + " augmentP=1.0, augmentTarget=0.0, augmentSpeed=500000]",
                d.toString());
        assertEquals(d, TrainConfig.builder().build());
        assertEquals(
                d.toBuilder().name("fashion-cgan").family(Family.CGAN).build(),
                TrainConfig.cgan().build());
        assertTrue(TrainConfig.cgan().build().conditional());

        TrainConfig gp = TrainConfig.wgan(Lipschitz.GP).build();
        assertEquals(
                d.toBuilder()
                        .name("fashion-wgan")
                        .family(Family.WGAN)
                        .objective(ObjectiveType.WASSERSTEIN)
                        .learningRates(1e-4f, 1e-4f)
                        .betas(0f, 0.9f)
                        .criticSteps(5)
                        .gpWeight(10f)
                        .build(),
                gp);
        TrainConfig clip = TrainConfig.wgan(Lipschitz.CLIP).build();
        assertEquals(
                d.toBuilder()
                        .name("fashion-wgan-clip")
                        .family(Family.WGAN)
                        .objective(ObjectiveType.WASSERSTEIN)
                        .learningRates(5e-5f, 5e-5f)
                        .betas(0f, 0.9f)
                        .optimizer(OptimizerType.RMSPROP)
                        .criticSteps(5)
                        .clip(0.01f)
                        .build(),
                clip);
        TrainConfig rp = TrainConfig.rpgan().build();
        assertEquals(
                d.toBuilder()
                        .name("fashion-rpgan")
                        .family(Family.RPGAN)
                        .objective(ObjectiveType.RELATIVISTIC)
                        .betas(0f, 0.99f)
                        .r1r2Gamma(0.1f)
                        .build(),
                rp);
        assertEquals(
                List.of(false, false, false),
                List.of(gp.discriminatorBatchNorm(), clip.discriminatorBatchNorm(), rp.discriminatorBatchNorm()));

        assertEquals(clip, TrainConfig.preset(Family.WGAN, Lipschitz.CLIP).build());
        assertEquals(d, TrainConfig.preset(Family.DCGAN, Lipschitz.CLIP).build(), "lipschitz is for wgan only");
    }

    @Test
    void aBuilderMakesIndependentConfigs() {
        TrainConfig.Builder b = TrainConfig.dcgan().seed(1);
        TrainConfig one = b.build();
        TrainConfig two = b.seed(2).build();
        assertEquals(1, one.seed());
        assertEquals(2, two.seed());
        assertNotEquals(one, two);
        assertEquals(one, one.toBuilder().build());
        assertEquals(one.hashCode(), one.toBuilder().build().hashCode());
    }

    @Test
    void buildSaysWhatWasExpectedAndWhatWasFound() {
        assertEquals(
                "batchSize: expected > 0, found 0",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> TrainConfig.dcgan().batchSize(0).build())
                        .getMessage());
        assertEquals(
                "betas: expected in [0, 1), found 1.0/0.999",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> TrainConfig.dcgan().beta1(1f).build())
                        .getMessage());
        assertEquals(
                "objective: expected one of [minimax, non-saturating, wasserstein, relativistic, hinge], found null",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> TrainConfig.dcgan().objective(null).build())
                        .getMessage());
        assertEquals(
                "clip, gpWeight, r1r2Gamma: expected >= 0, found -1.0/0.0/0.0",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> TrainConfig.dcgan().clip(-1).build())
                        .getMessage());
        // Infinity passed "> 0" (attack finding: --lr-g Infinity and --clip Infinity were accepted and trained to NaN)
        assertEquals(
                "learning rates: expected finite numbers, found Infinity/2.0E-4",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> TrainConfig.dcgan()
                                        .learningRateG(Float.POSITIVE_INFINITY)
                                        .build())
                        .getMessage());
        assertEquals(
                "clip, gpWeight, r1r2Gamma: expected finite numbers, found Infinity/0.0/0.0",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> TrainConfig.dcgan()
                                        .clip(Float.POSITIVE_INFINITY)
                                        .build())
                        .getMessage());
        assertThrows(
                IllegalArgumentException.class,
                () -> TrainConfig.dcgan().learningRateD(Float.NaN).build());
        assertThrows(
                IllegalArgumentException.class,
                () -> TrainConfig.dcgan().r1r2Gamma(Float.NEGATIVE_INFINITY).build());
        // the same kind in the trainer's other settings: the classifier's and the mixture benchmark's --lr
        assertThrows(
                IllegalArgumentException.class,
                () -> new ClassifierTrainer.Config(1, 8, Float.POSITIVE_INFINITY, 0, 1L));
        assertThrows(
                IllegalArgumentException.class,
                () -> new io.ganzoo.trainer.analysis.MixtureBenchmark.Settings(
                        "gan", 10, 8, 8, Float.POSITIVE_INFINITY));
    }

    @Test
    void wireNamesAreTheCommandLinesAndParseErrorsListThem() {
        assertEquals("non-saturating", ObjectiveType.NON_SATURATING.wireName());
        assertEquals(ObjectiveType.NON_SATURATING, ObjectiveType.parse("non-saturating"));
        assertEquals(List.of("dcgan", "cgan", "wgan", "rpgan"), Family.names());
        assertEquals("wgan", Family.WGAN.toString());
        assertEquals(OptimizerType.RMSPROP, OptimizerType.parse("rmsprop"));
        assertEquals(Lipschitz.CLIP, Lipschitz.parse("clip"));
        assertEquals(
                "family: expected one of [dcgan, cgan, wgan, rpgan], found vae",
                assertThrows(IllegalArgumentException.class, () -> Family.parse("vae"))
                        .getMessage());
        assertEquals(
                "lipschitz: expected one of [gp, clip], found GP",
                assertThrows(IllegalArgumentException.class, () -> Lipschitz.parse("GP"))
                        .getMessage());
        assertEquals(
                "optimizer: expected one of [adam, rmsprop], found sgd",
                assertThrows(IllegalArgumentException.class, () -> OptimizerType.parse("sgd"))
                        .getMessage());
    }

    @Test
    void recordedJsonReadsBackAndIsWrittenTheSame() {
        TrainConfig c = TrainConfig.fromJson(RECORDED);
        assertEquals(
                TrainConfig.wgan(Lipschitz.CLIP)
                        .dataset("synthetic/rectangles")
                        .latentSize(16)
                        .ngf(8)
                        .ndf(8)
                        .batchSize(16)
                        .steps(6)
                        .seed(11)
                        .sampleEvery(2)
                        .checkpointEvery(3)
                        .build(),
                c);
        assertEquals(RECORDED.replace("}", LATER_FIELDS), c.toJson());
        for (TrainConfig p : List.of(
                TrainConfig.dcgan().build(),
                TrainConfig.cgan().build(),
                TrainConfig.wgan(Lipschitz.GP).build(),
                TrainConfig.rpgan().build())) {
            assertEquals(p, TrainConfig.fromJson(p.toJson()));
        }
    }

    @Test
    void damagedJsonIsAClearError() {
        String unknown = RECORDED.replace("\"rmsprop\"", "\"sgd\"");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TrainConfig.fromJson(unknown));
        assertTrue(e.getMessage().contains("optimizer: expected one of [adam, rmsprop], found sgd"), e.getMessage());
        IllegalArgumentException range = assertThrows(
                IllegalArgumentException.class,
                () -> TrainConfig.fromJson(RECORDED.replace("\"batchSize\":16", "\"batchSize\":-1")));
        assertEquals("batchSize: expected > 0, found -1", range.getMessage());
        // a field every configuration holds is never filled in with a default (a wgan run read back as dcgan)
        IllegalArgumentException missing = assertThrows(
                IllegalArgumentException.class,
                () -> TrainConfig.fromJson(RECORDED.replaceFirst("\"family\":\"[a-z]+\",", "")));
        assertTrue(missing.getMessage().contains("missing [family]"), missing.getMessage());
        // the fields added later may be absent (fashion-dcgan 1.0.0's configuration lacks them)
        String older = RECORDED.replaceAll(",\"(optimizer|criticSteps|clip|gpWeight|r1r2Gamma)\":[^,}]+", "");
        assertFalse(older.contains("criticSteps"), older);
        assertEquals(OptimizerType.ADAM, TrainConfig.fromJson(older).optimizer());
        assertEquals(BackboneType.DCGAN, TrainConfig.fromJson(older).backbone());
        assertFalse(TrainConfig.fromJson(older).spectralNorm());
        TrainConfig sn = TrainConfig.fromJson(RECORDED.replace("}", ",\"spectralNorm\":true}"));
        assertTrue(sn.spectralNorm());
        assertFalse(sn.discriminatorBatchNorm());
        IllegalArgumentException backbone = assertThrows(
                IllegalArgumentException.class,
                () -> TrainConfig.fromJson(RECORDED.replace("}", ",\"backbone\":\"stylegan\"}")));
        assertTrue(
                backbone.getMessage().contains("backbone: expected one of [dcgan, resnet], found stylegan"),
                backbone.getMessage());
        assertEquals(
                BackboneType.RESNET,
                TrainConfig.fromJson(RECORDED.replace("}", ",\"backbone\":\"resnet\"}"))
                        .backbone());
    }

    /** What a resume judges a flag by: the first field it changes (the model name last) and that field's value. */
    @Test
    void theFirstDifferenceIsTheFieldAFlagChanges() {
        TrainConfig a = TrainConfig.dcgan().build();
        assertEquals(null, a.firstDifference(TrainConfig.dcgan().build()));
        assertEquals(
                "learningRateG",
                a.firstDifference(a.toBuilder().learningRateG(1e-3f).build()));
        TrainConfig w =
                TrainConfig.preset(Family.WGAN, Lipschitz.GP).name(a.name()).build();
        assertEquals("family", a.firstDifference(w));
        assertEquals(
                "name",
                a.firstDifference(a.toBuilder().name("other").build()),
                "the name alone, when it alone differs");
        assertEquals("dcgan", a.value("family"));
        assertEquals(2.0e-4, ((Number) a.value("learningRateG")).doubleValue(), 1e-12);
        assertEquals("2.0E-4", a.value("learningRateG").toString(), "as the JSON writes it");
        assertEquals(false, a.value("spectralNorm"));
        assertEquals(null, a.value("noSuchField"));
    }

    /** A resumed run's new length: --steps counts steps, --epochs alone counts epochs again; nothing else changes. */
    @Test
    void aNewLengthChangesOnlyTheLength() {
        TrainConfig run = TrainConfig.dcgan().epochs(20).steps(600).build();
        TrainConfig steps = run.withLength(900L, null);
        assertEquals(900, steps.steps());
        assertEquals(20, steps.epochs());
        TrainConfig epochs = run.withLength(null, 30);
        assertEquals(0, epochs.steps(), "the epochs count again, whatever steps the run began with");
        assertEquals(30, epochs.epochs());
        assertEquals(0, run.withLength(null, null).steps());
        assertTrue(run.sameRunAs(steps) && run.sameRunAs(epochs));
        assertEquals(600, run.steps(), "the run's own configuration is kept");
        assertThrows(IllegalArgumentException.class, () -> run.withLength(null, 0));
    }
}
