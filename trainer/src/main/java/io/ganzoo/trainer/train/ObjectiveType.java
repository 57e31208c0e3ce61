package io.ganzoo.trainer.train;

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
    MINIMAX(Minimax::new, true),
    /** The non-saturating loss, the DCGAN default. */
    NON_SATURATING(NonSaturating::new, true),
    /** The Wasserstein loss of a critic. */
    WASSERSTEIN(Wasserstein::new, false),
    /** The relativistic pairing loss. */
    RELATIVISTIC(Relativistic::new, false);

    private final Supplier<Objective> factory;
    private final boolean probabilities;

    ObjectiveType(Supplier<Objective> factory, boolean probabilities) {
        this.factory = factory;
        this.probabilities = probabilities;
    }

    /** A new instance of this objective's losses. */
    public Objective create() {
        return factory.get();
    }

    /**
     * Whether D's outputs are logits of a probability (minimax, non-saturating), so that sigmoid(D) is shown as D(x);
     * the Wasserstein and relativistic outputs are raw scores whose differences alone matter.
     */
    public boolean probabilities() {
        return probabilities;
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
