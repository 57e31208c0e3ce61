package io.ganzoo.trainer.train;

import io.ganzoo.trainer.loss.Hinge;
import io.ganzoo.trainer.loss.Minimax;
import io.ganzoo.trainer.loss.NonSaturating;
import io.ganzoo.trainer.loss.Objective;
import io.ganzoo.trainer.loss.Relativistic;
import io.ganzoo.trainer.loss.Wasserstein;

import java.util.List;
import java.util.function.Supplier;

/** The objective of a run; {@link #create} gives its losses (package {@code io.ganzoo.trainer.loss}). */
public enum ObjectiveType implements WireName {
    /** The original, saturating minimax loss. */
    MINIMAX(Minimax::new),
    /** The non-saturating loss, the DCGAN default. */
    NON_SATURATING(NonSaturating::new),
    /** The Wasserstein loss of a critic. */
    WASSERSTEIN(Wasserstein::new),
    /** The relativistic pairing loss. */
    RELATIVISTIC(Relativistic::new),
    /** The hinge loss (Lim and Ye 2017), as SN-GAN and BigGAN train with. */
    HINGE(Hinge::new);

    private final Supplier<Objective> factory;

    ObjectiveType(Supplier<Objective> factory) {
        this.factory = factory;
    }

    /** A new instance of this objective's losses. */
    public Objective create() {
        return factory.get();
    }

    /** The objective called {@code name} ({@code non-saturating}, ...); the error lists the valid names. */
    public static ObjectiveType parse(String name) {
        return WireName.parse(ObjectiveType.class, name);
    }

    /** Every objective's wire name. */
    public static List<String> names() {
        return WireName.names(ObjectiveType.class);
    }

    @Override
    public String toString() {
        return wireName();
    }
}
