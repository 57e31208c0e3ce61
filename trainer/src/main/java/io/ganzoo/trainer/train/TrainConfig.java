package io.ganzoo.trainer.train;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.TypeAdapter;
import com.google.gson.TypeAdapterFactory;
import com.google.gson.reflect.TypeToken;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonWriter;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.StringJoiner;

/**
 * Everything that decides a training run. Immutable; made by a {@link Builder}, which starts from the DCGAN paper's
 * defaults (Radford et al. 2016: Adam lr 2e-4, beta1 0.5, batch 64, latent 100 standard normal, weights N(0, 0.02))
 * and a fixed default seed, or by a family's named preset ({@link #dcgan}, {@link #cgan}, {@link #wgan},
 * {@link #rpgan}). Stored in checkpoints and, as JSON, in the exported model's metadata: the JSON has one field per
 * accessor below, in this order, with the choices under their {@link WireName wire names} ({@code "non-saturating"}).
 */
public final class TrainConfig implements Cloneable {
    private static final Gson GSON =
            new GsonBuilder().registerTypeAdapterFactory(new WireNameAdapters()).create();
    /** The instance fields, in declaration order: the JSON's order, and what equals, hashCode and toString compare. */
    private static final Field[] FIELDS = Arrays.stream(TrainConfig.class.getDeclaredFields())
            .filter(f -> !Modifier.isStatic(f.getModifiers()))
            .toArray(Field[]::new);

    // The defaults of builder(); the JSON field order is this declaration order: do not reorder.
    private String name = "fashion-dcgan";
    private String version = "1.0.0";
    private Family family = Family.DCGAN;
    private ObjectiveType objective = ObjectiveType.NON_SATURATING;
    private String dataset = "fashion-mnist/train";
    private int latentSize = 100;
    private int ngf = 64;
    private int ndf = 64;
    private int batchSize = 64;
    private int epochs = 20;
    private long steps;
    private float learningRateG = 2e-4f;
    private float learningRateD = 2e-4f;
    private float beta1 = 0.5f;
    private float beta2 = 0.999f;
    private long seed = 7L;
    private int sampleEvery;
    private int checkpointEvery = 500;
    private OptimizerType optimizer = OptimizerType.ADAM;
    private int criticSteps = 1;
    private float clip;
    private float gpWeight;
    private float r1r2Gamma;
    private long emaHalfLife;
    private float emaRampup = 0.05f;
    private String augment = "";
    private int r1r2Interval = 1;
    private BackboneType backbone = BackboneType.DCGAN;
    private boolean spectralNorm;
    private float augmentP = 1f;
    private float augmentTarget;
    private long augmentSpeed = 500_000L;

    private TrainConfig() {}

    /** A builder holding the DCGAN paper's defaults for Fashion-MNIST (the {@link #dcgan} preset). */
    public static Builder builder() {
        return new Builder(new TrainConfig());
    }

    /** A builder holding this configuration, to change some of it. */
    public Builder toBuilder() {
        return new Builder(copy());
    }

    // ---- the named presets: the papers' defaults of each family on Fashion-MNIST ----

    /** DCGAN (Radford et al. 2016): non-saturating loss, Adam 2e-4 (0.5, 0.999), BatchNorm in D. */
    public static Builder dcgan() {
        return builder();
    }

    /**
     * cGAN (Mirza and Osindero 2014): the DCGAN defaults, class-conditional: G sees z and a one-hot label, D sees the
     * image and the label as constant planes.
     */
    public static Builder cgan() {
        return dcgan().name("fashion-cgan").family(Family.CGAN);
    }

    /**
     * WGAN: Wasserstein loss with 5 critic steps per G step, and
     * <ul>
     *   <li>{@link Lipschitz#GP}: gradient penalty lambda 10, Adam 1e-4 (0, 0.9) (Gulrajani et al. 2017);</li>
     *   <li>{@link Lipschitz#CLIP}: critic weights clipped to [-0.01, 0.01], RMSProp 5e-5 (Arjovsky et al. 2017).</li>
     * </ul>
     */
    public static Builder wgan(Lipschitz lipschitz) {
        Builder b = dcgan().family(Family.WGAN)
                .objective(ObjectiveType.WASSERSTEIN)
                .betas(0f, 0.9f)
                .criticSteps(5);
        return switch (lipschitz) {
            case GP -> b.name("fashion-wgan").learningRates(1e-4f, 1e-4f).gpWeight(10f);
            case CLIP ->
                b.name("fashion-wgan-clip")
                        .learningRates(5e-5f, 5e-5f)
                        .optimizer(OptimizerType.RMSPROP)
                        .clip(0.01f);
        };
    }

    /** RpGAN as in R3GAN (Huang et al. 2024): relativistic pairing loss with gamma/2 (R1 + R2), gamma 0.1, Adam 2e-4 (0, 0.99). */
    public static Builder rpgan() {
        return dcgan().name("fashion-rpgan")
                .family(Family.RPGAN)
                .objective(ObjectiveType.RELATIVISTIC)
                .betas(0f, 0.99f)
                .r1r2Gamma(0.1f);
    }

    /** The preset of {@code family}; {@code lipschitz} chooses between the two WGAN presets and is ignored otherwise. */
    public static Builder preset(Family family, Lipschitz lipschitz) {
        return switch (family) {
            case DCGAN -> dcgan();
            case CGAN -> cgan();
            case WGAN -> wgan(lipschitz);
            case RPGAN -> rpgan();
        };
    }

    // ---- the values ----

    /** Model name in the zoo, e.g. {@code fashion-dcgan}. */
    public String name() {
        return name;
    }

    /** Model version, e.g. {@code 1.0.0}. */
    public String version() {
        return version;
    }

    /** GAN family: the networks and, in the metadata, the model's kind. */
    public Family family() {
        return family;
    }

    /** The loss of D and G. */
    public ObjectiveType objective() {
        return objective;
    }

    /** Dataset recorded in the metadata, {@code <name>/<split>}, e.g. {@code fashion-mnist/train}. */
    public String dataset() {
        return dataset;
    }

    /** Size of z. */
    public int latentSize() {
        return latentSize;
    }

    /** Generator base width. */
    public int ngf() {
        return ngf;
    }

    /** Discriminator base width. */
    public int ndf() {
        return ndf;
    }

    /** Images per step. */
    public int batchSize() {
        return batchSize;
    }

    /** Passes over the data (used when {@link #steps} is 0). */
    public int epochs() {
        return epochs;
    }

    /** Total G steps, or 0 for {@link #epochs} full passes. */
    public long steps() {
        return steps;
    }

    /** Learning rate of G. */
    public float learningRateG() {
        return learningRateG;
    }

    /** Learning rate of D. */
    public float learningRateD() {
        return learningRateD;
    }

    /** Adam beta1. */
    public float beta1() {
        return beta1;
    }

    /** Adam beta2. */
    public float beta2() {
        return beta2;
    }

    /** Seed of everything random: initial weights, data order, noise. */
    public long seed() {
        return seed;
    }

    /** Steps between sample grids; 0 means once per epoch. */
    public int sampleEvery() {
        return sampleEvery;
    }

    /** Steps between checkpoints (there is one at the end of each epoch and of the run as well). */
    public int checkpointEvery() {
        return checkpointEvery;
    }

    /** Optimiser of both networks. */
    public OptimizerType optimizer() {
        return optimizer;
    }

    /** D updates per G update (5 for WGAN). */
    public int criticSteps() {
        return criticSteps;
    }

    /** Clip D's weights to [-clip, clip] after each update (WGAN); 0 for none. */
    public float clip() {
        return clip;
    }

    /** Lambda of the WGAN-GP penalty on interpolates; 0 for none. */
    public float gpWeight() {
        return gpWeight;
    }

    /** Gamma of R3GAN's gamma/2 (R1 + R2) penalty; 0 for none. */
    public float r1r2Gamma() {
        return r1r2Gamma;
    }

    /**
     * Half-life, in training images (G steps x batch size), of the exponential moving average of G's weights that
     * exported models carry (the {@code G_ema} of StyleGAN2-ADA and R3GAN; Karras et al. 2020 use 10,000 images);
     * 0 for no average. See {@link GeneratorEma}.
     */
    public long emaHalfLife() {
        return emaHalfLife;
    }

    /**
     * EMA warm-up: until {@code step * batch * emaRampup} images exceed {@link #emaHalfLife}, the half-life is that
     * many images instead, so the average forgets the random initial weights quickly (StyleGAN2-ADA's
     * {@code ema_rampup}, 0.05); 0 for no warm-up.
     */
    public float emaRampup() {
        return emaRampup;
    }

    /**
     * Differentiable augmentation of every image D sees, real and generated (DiffAugment, Zhao et al. 2020): a comma
     * separated policy of {@code color}, {@code translation} and {@code cutout}; empty for none. See
     * {@link DiffAugment}.
     */
    public String augment() {
        return augment;
    }

    /**
     * The probability, in [0, 1], with which each of {@link #augment}'s transforms is applied to each image D sees,
     * drawn independently per image and transform (ADA's {@code p}, Karras et al. 2020, "Training Generative
     * Adversarial Networks with Limited Data", section 2.3, held fixed here); 1 (the default) augments every image as
     * DiffAugment does. Skipped transforms are the identity, so with p below about 0.8 the generator still sees and
     * must match unaugmented images and augmentations cannot leak (the paper's figure 3). With
     * {@link #augmentTarget} set, the probability the run starts from.
     */
    public float augmentP() {
        return augmentP;
    }

    /**
     * ADA's adaptive probability (Karras et al. 2020, section 3): the r_t, in (0, 1), at which {@link AdaptiveAugment}
     * holds D by moving {@link #augmentP} every {@link AdaptiveAugment#INTERVAL} D updates (the paper's 0.6); 0 (the
     * default) keeps the probability fixed. Needs {@link #augment} and an objective with an r_t (not Wasserstein).
     */
    public float augmentTarget() {
        return augmentTarget;
    }

    /**
     * How fast the adaptive probability moves: the number of images over which it can cross [0, 1] (ADA's
     * {@code ada_kimg} x 1,000; default 500,000). Used only with {@link #augmentTarget}.
     */
    public long augmentSpeed() {
        return augmentSpeed;
    }

    /**
     * Lazy regularisation (Karras et al. 2020, StyleGAN2 section 3.1): the R1 + R2 penalty is computed on every
     * {@code r1r2Interval}-th D update only, multiplied by the interval so its average strength is unchanged; 1 for
     * every update. The updates in between skip D's input gradient (the costly part of a penalised step).
     */
    public int r1r2Interval() {
        return r1r2Interval;
    }

    /** The architecture of G and D ({@code --backbone}). */
    public BackboneType backbone() {
        return backbone;
    }

    /**
     * Whether every Dense and Conv layer of D is spectrally normalised (Miyato et al. 2018; {@code --spectral-norm}):
     * its weight divided by an estimate of its largest singular value, updated by one power iteration per training
     * forward pass. D then has no BatchNorm. G is never normalised.
     */
    public boolean spectralNorm() {
        return spectralNorm;
    }

    /** Whether G and D are class-conditional. */
    public boolean conditional() {
        return family == Family.CGAN;
    }

    /**
     * Whether D uses BatchNorm (not with gradient penalties, whose input gradient must be per sample, nor with
     * spectral normalisation, which is the normalisation of such a D).
     */
    public boolean discriminatorBatchNorm() {
        return gpWeight == 0 && r1r2Gamma == 0 && clip == 0 && !spectralNorm;
    }

    /**
     * Total G steps for a dataset of {@code n} images. An epoch is a pass over the data in D batches, so with
     * {@code criticSteps} D updates per G step an epoch has {@code stepsPerEpoch / criticSteps} G steps.
     */
    public long totalSteps(int n) {
        return steps > 0 ? steps : (long) epochs * stepsPerEpoch(n) / criticSteps;
    }

    /**
     * Whether {@code other} is this run with perhaps another length: every field equal but {@link #epochs} and {@link
     * #steps}. A run may be resumed with a new length (trained longer, or stopped sooner); nothing else a run is
     * defined by may change.
     */
    public boolean sameRunAs(TrainConfig other) {
        TrainConfig a = copy();
        a.epochs = other.epochs;
        a.steps = other.steps;
        return a.equals(other);
    }

    /**
     * This run with a new length, as a resumed run may be given one (the result {@link #sameRunAs} this): {@code steps}
     * G steps when given, else 0 so that the epochs count, whatever steps the run began with; {@code epochs} when
     * given, else the run's.
     *
     * @param steps  total G steps, or {@code null} to count epochs
     * @param epochs passes over the data, or {@code null} to keep the run's
     * @return the checked configuration
     * @throws IllegalArgumentException when the new length is out of range
     */
    public TrainConfig withLength(Long steps, Integer epochs) {
        Builder b = toBuilder();
        b.steps(steps != null ? steps : 0);
        if (epochs != null) {
            b.epochs(epochs);
        }
        return b.build();
    }

    /**
     * The JSON name of the first field, in the JSON's order, whose value differs in {@code other} (the model name
     * last, since a default name follows from the family), {@code null} when they are equal: what a resumed run's
     * contradicting option changes.
     */
    public String firstDifference(TrainConfig other) {
        com.google.gson.JsonObject a = JsonParser.parseString(toJson()).getAsJsonObject();
        com.google.gson.JsonObject b = JsonParser.parseString(other.toJson()).getAsJsonObject();
        for (String k : a.keySet()) {
            if (!k.equals("name") && !a.get(k).equals(b.get(k))) {
                return k;
            }
        }
        if (!a.get("name").equals(b.get("name"))) {
            return "name"; // last: the default name follows from the family and dataset
        }
        for (String k : b.keySet()) {
            if (!a.has(k)) {
                return k;
            }
        }
        return null;
    }

    /**
     * The value of the JSON field {@code field} as the JSON has it: a {@code String} (choices by their wire names), a
     * {@code Number} (as written, e.g. 2.0E-4) or a {@code Boolean}; {@code null} when there is no such field.
     */
    public Object value(String field) {
        JsonElement e = JsonParser.parseString(toJson()).getAsJsonObject().get(field);
        if (e == null || e.isJsonNull()) {
            return null;
        }
        com.google.gson.JsonPrimitive p = e.getAsJsonPrimitive();
        return p.isBoolean() ? (Object) p.getAsBoolean() : p.isNumber() ? p.getAsNumber() : p.getAsString();
    }

    /** Full batches per epoch for a dataset of {@code n} images. */
    public int stepsPerEpoch(int n) {
        int s = n / batchSize;
        if (s == 0) {
            throw new IllegalArgumentException("dataset of " + n + " images is smaller than one batch of " + batchSize);
        }
        return s;
    }

    // ---- JSON (checkpoints, ONNX metadata) ----

    public String toJson() {
        return GSON.toJson(this);
    }

    /**
     * The configuration a checkpoint or a model's metadata recorded, checked as {@link Builder#build} checks.
     *
     * @throws IllegalArgumentException when a value is missing or out of range, or a choice has no such name
     */
    public static TrainConfig fromJson(String json) {
        TrainConfig c;
        try {
            JsonElement tree = JsonParser.parseString(json);
            if (!tree.isJsonObject()) {
                throw new IllegalArgumentException("training configuration: expected a JSON object, found " + json);
            }
            List<String> missing = new ArrayList<>();
            for (Field f : FIELDS) {
                if (!OPTIONAL.contains(f.getName()) && !tree.getAsJsonObject().has(f.getName())) {
                    missing.add(f.getName());
                }
            }
            if (!missing.isEmpty()) {
                throw new IllegalArgumentException(
                        "training configuration: missing " + missing + " (every configuration"
                                + " ganzoo wrote has them; the file is damaged or was not written by ganzoo)");
            }
            c = GSON.fromJson(tree, TrainConfig.class);
        } catch (JsonParseException e) {
            throw new IllegalArgumentException("training configuration: " + e.getMessage(), e);
        }
        return c.validate();
    }

    /**
     * Fields added after the first configurations were written (fashion-dcgan 1.0.0's lacks them): absent, they take
     * the values that configurations behaved as before they existed (Adam, one critic step, no clipping, no penalty).
     */
    private static final java.util.Set<String> OPTIONAL = java.util.Set.of(
            "optimizer",
            "criticSteps",
            "clip",
            "gpWeight",
            "r1r2Gamma",
            "emaHalfLife",
            "emaRampup",
            "augment",
            "r1r2Interval",
            "backbone",
            "spectralNorm",
            "augmentP",
            "augmentTarget",
            "augmentSpeed");

    /** Writes each {@link WireName} choice as its wire name and reads it back, naming the valid ones when it is unknown. */
    private static final class WireNameAdapters implements TypeAdapterFactory {
        @Override
        @SuppressWarnings({"unchecked", "rawtypes"})
        public <T> TypeAdapter<T> create(Gson gson, TypeToken<T> type) {
            Class<?> raw = type.getRawType();
            if (!raw.isEnum() || !WireName.class.isAssignableFrom(raw)) {
                return null;
            }
            Class<? extends Enum> choices = (Class<? extends Enum>) raw;
            return (TypeAdapter<T>)
                    new TypeAdapter<WireName>() {
                        @Override
                        public void write(JsonWriter out, WireName value) throws IOException {
                            out.value(value == null ? null : value.wireName());
                        }

                        @Override
                        public WireName read(JsonReader in) throws IOException {
                            String name = in.nextString();
                            try {
                                return (WireName) WireName.parse((Class) choices, name);
                            } catch (IllegalArgumentException e) {
                                throw new JsonParseException(e.getMessage(), e);
                            }
                        }
                    }.nullSafe();
        }
    }

    // ---- value semantics, as a record's ----

    private List<Object> values() {
        List<Object> out = new ArrayList<>(FIELDS.length);
        try {
            for (Field f : FIELDS) {
                out.add(f.get(this));
            }
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TrainConfig c && values().equals(c.values());
    }

    @Override
    public int hashCode() {
        return values().hashCode();
    }

    /** {@code TrainConfig[name=fashion-dcgan, version=1.0.0, family=dcgan, ...]}. */
    @Override
    public String toString() {
        StringJoiner s = new StringJoiner(", ", "TrainConfig[", "]");
        List<Object> v = values();
        for (int i = 0; i < FIELDS.length; i++) {
            Object x = v.get(i);
            s.add(FIELDS[i].getName() + "=" + (x instanceof WireName w ? w.wireName() : x));
        }
        return s.toString();
    }

    private TrainConfig copy() {
        try {
            return (TrainConfig) clone(); // every field is immutable: a shallow copy is a full one
        } catch (CloneNotSupportedException e) {
            throw new AssertionError(e);
        }
    }

    private TrainConfig validate() {
        require(name != null && !name.isEmpty(), "name", "a model name", name);
        require(version != null && !version.isEmpty(), "version", "a model version", version);
        require(family != null, "family", "one of " + Family.names(), null);
        require(objective != null, "objective", "one of " + ObjectiveType.names(), null);
        require(dataset != null && !dataset.isEmpty(), "dataset", "<name>/<split>", dataset);
        require(backbone != null, "backbone", "one of " + BackboneType.names(), null);
        require(optimizer != null, "optimizer", "one of " + WireName.names(OptimizerType.class), null);
        require(latentSize > 0, "latentSize", "> 0", latentSize);
        require(ngf > 0, "ngf", "> 0", ngf);
        require(ndf > 0, "ndf", "> 0", ndf);
        require(batchSize > 0, "batchSize", "> 0", batchSize);
        require(epochs > 0 || steps > 0, "epochs or steps", "> 0", epochs);
        require(steps >= 0, "steps", ">= 0", steps);
        // finite first: Infinity passes "> 0" (and trained to NaN at the first step); NaN fails every comparison
        require(
                Float.isFinite(learningRateG) && Float.isFinite(learningRateD),
                "learning rates",
                "finite numbers",
                learningRateG + "/" + learningRateD);
        require(
                Float.isFinite(clip) && Float.isFinite(gpWeight) && Float.isFinite(r1r2Gamma),
                "clip, gpWeight, r1r2Gamma",
                "finite numbers",
                clip + "/" + gpWeight + "/" + r1r2Gamma);
        require(learningRateG > 0 && learningRateD > 0, "learning rates", "> 0", learningRateG + "/" + learningRateD);
        require(beta1 >= 0 && beta1 < 1 && beta2 >= 0 && beta2 < 1, "betas", "in [0, 1)", beta1 + "/" + beta2);
        require(sampleEvery >= 0, "sampleEvery", ">= 0", sampleEvery);
        require(checkpointEvery > 0, "checkpointEvery", "> 0", checkpointEvery);
        require(criticSteps > 0, "criticSteps", "> 0", criticSteps);
        require(r1r2Interval > 0, "r1r2Interval", "> 0 D updates", r1r2Interval);
        require(emaHalfLife >= 0, "emaHalfLife", ">= 0 images", emaHalfLife);
        require(emaRampup >= 0 && emaRampup <= 1, "emaRampup", "in [0, 1]", emaRampup);
        require(augment != null, "augment", "a policy such as color,translation,cutout, or empty", null);
        DiffAugment.parsePolicy(augment); // names the valid words
        require(augmentP >= 0 && augmentP <= 1, "augmentP", "a probability in [0, 1]", augmentP);
        require(
                augmentTarget == 0 || (augmentTarget > 0 && augmentTarget < 1),
                "augmentTarget",
                "an r_t in (0, 1) (ADA: 0.6), or 0 for a fixed probability",
                augmentTarget);
        require(augmentSpeed > 0, "augmentSpeed", "> 0 images", augmentSpeed);
        require(
                augmentTarget == 0 || !augment.isEmpty(),
                "augmentTarget",
                "an augmentation to adapt (augment color,translation,cutout or a part of it)",
                "no augment");
        require(
                augmentTarget == 0 || objective.create().measuresOverfitting(),
                "augmentTarget",
                "an objective whose D has an overfitting heuristic r_t (a Wasserstein critic's scores have no sign"
                        + " to read)",
                objective.wireName());
        require(
                clip >= 0 && gpWeight >= 0 && r1r2Gamma >= 0,
                "clip, gpWeight, r1r2Gamma",
                ">= 0",
                clip + "/" + gpWeight + "/" + r1r2Gamma);
        return this;
    }

    private static void require(boolean ok, String what, String expected, Object found) {
        if (!ok) {
            throw new IllegalArgumentException(what + ": expected " + expected + ", found " + found);
        }
    }

    /**
     * Sets the values of a {@link TrainConfig} by name; {@link #build} checks them all and says, for the first one out of
     * range, what was expected and what was found. Every value not set keeps the preset's (or {@link #builder}'s).
     */
    public static final class Builder {
        private final TrainConfig c;

        private Builder(TrainConfig start) {
            this.c = start;
        }

        /** The checked configuration; the builder can go on to make others. */
        public TrainConfig build() {
            return c.copy().validate();
        }

        /** @see TrainConfig#name */
        public Builder name(String name) {
            c.name = name;
            return this;
        }

        /** @see TrainConfig#version */
        public Builder version(String version) {
            c.version = version;
            return this;
        }

        /** @see TrainConfig#family */
        public Builder family(Family family) {
            c.family = family;
            return this;
        }

        /** @see TrainConfig#objective */
        public Builder objective(ObjectiveType objective) {
            c.objective = objective;
            return this;
        }

        /** @see TrainConfig#dataset */
        public Builder dataset(String dataset) {
            c.dataset = dataset;
            return this;
        }

        /** @see TrainConfig#latentSize */
        public Builder latentSize(int latentSize) {
            c.latentSize = latentSize;
            return this;
        }

        /** @see TrainConfig#ngf */
        public Builder ngf(int ngf) {
            c.ngf = ngf;
            return this;
        }

        /** @see TrainConfig#ndf */
        public Builder ndf(int ndf) {
            c.ndf = ndf;
            return this;
        }

        /** @see TrainConfig#batchSize */
        public Builder batchSize(int batchSize) {
            c.batchSize = batchSize;
            return this;
        }

        /** @see TrainConfig#epochs */
        public Builder epochs(int epochs) {
            c.epochs = epochs;
            return this;
        }

        /** @see TrainConfig#steps */
        public Builder steps(long steps) {
            c.steps = steps;
            return this;
        }

        /** @see TrainConfig#learningRateG */
        public Builder learningRateG(float lr) {
            c.learningRateG = lr;
            return this;
        }

        /** @see TrainConfig#learningRateD */
        public Builder learningRateD(float lr) {
            c.learningRateD = lr;
            return this;
        }

        /** Both learning rates. */
        public Builder learningRates(float g, float d) {
            return learningRateG(g).learningRateD(d);
        }

        /** @see TrainConfig#beta1 */
        public Builder beta1(float beta1) {
            c.beta1 = beta1;
            return this;
        }

        /** @see TrainConfig#beta2 */
        public Builder beta2(float beta2) {
            c.beta2 = beta2;
            return this;
        }

        /** Both Adam betas. */
        public Builder betas(float beta1, float beta2) {
            return beta1(beta1).beta2(beta2);
        }

        /** @see TrainConfig#seed */
        public Builder seed(long seed) {
            c.seed = seed;
            return this;
        }

        /** @see TrainConfig#sampleEvery */
        public Builder sampleEvery(int steps) {
            c.sampleEvery = steps;
            return this;
        }

        /** @see TrainConfig#checkpointEvery */
        public Builder checkpointEvery(int steps) {
            c.checkpointEvery = steps;
            return this;
        }

        /** @see TrainConfig#optimizer */
        public Builder optimizer(OptimizerType optimizer) {
            c.optimizer = optimizer;
            return this;
        }

        /** @see TrainConfig#criticSteps */
        public Builder criticSteps(int criticSteps) {
            c.criticSteps = criticSteps;
            return this;
        }

        /** @see TrainConfig#clip */
        public Builder clip(float clip) {
            c.clip = clip;
            return this;
        }

        /** @see TrainConfig#gpWeight */
        public Builder gpWeight(float gpWeight) {
            c.gpWeight = gpWeight;
            return this;
        }

        /** @see TrainConfig#r1r2Gamma */
        public Builder r1r2Gamma(float gamma) {
            c.r1r2Gamma = gamma;
            return this;
        }

        /** @see TrainConfig#emaHalfLife */
        public Builder emaHalfLife(long images) {
            c.emaHalfLife = images;
            return this;
        }

        /** @see TrainConfig#emaRampup */
        public Builder emaRampup(float rampup) {
            c.emaRampup = rampup;
            return this;
        }

        /** @see TrainConfig#r1r2Interval */
        public Builder r1r2Interval(int updates) {
            c.r1r2Interval = updates;
            return this;
        }

        /** @see TrainConfig#augment */
        public Builder augment(String policy) {
            c.augment = policy;
            return this;
        }

        /** @see TrainConfig#augmentTarget */
        public Builder augmentTarget(float target) {
            c.augmentTarget = target;
            return this;
        }

        /** @see TrainConfig#augmentSpeed */
        public Builder augmentSpeed(long images) {
            c.augmentSpeed = images;
            return this;
        }

        /** @see TrainConfig#augmentP */
        public Builder augmentP(float p) {
            c.augmentP = p;
            return this;
        }

        /** @see TrainConfig#backbone */
        public Builder backbone(BackboneType backbone) {
            c.backbone = backbone;
            return this;
        }

        /** @see TrainConfig#spectralNorm */
        public Builder spectralNorm(boolean spectralNorm) {
            c.spectralNorm = spectralNorm;
            return this;
        }
    }
}
