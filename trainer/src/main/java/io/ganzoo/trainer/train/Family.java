package io.ganzoo.trainer.train;

import java.util.List;

/** The GAN families the trainer builds; each has named defaults, see {@link TrainConfig#preset}. */
public enum Family implements WireName {
    /** Unconditional DCGAN (Radford et al. 2016). */
    DCGAN,
    /** Class-conditional DCGAN (Mirza and Osindero 2014): G and D see the label. */
    CGAN,
    /** Wasserstein GAN with a Lipschitz critic (Arjovsky et al. 2017; Gulrajani et al. 2017). */
    WGAN,
    /** Relativistic pairing GAN with R1 + R2 (R3GAN, Huang et al. 2024). */
    RPGAN;

    /** The family called {@code name} ({@code dcgan}, ...); the error lists the valid names. */
    public static Family parse(String name) {
        return WireName.parse(Family.class, name);
    }

    /** Every family's wire name. */
    public static List<String> names() {
        return WireName.names(Family.class);
    }

    @Override
    public String toString() {
        return wireName();
    }
}
