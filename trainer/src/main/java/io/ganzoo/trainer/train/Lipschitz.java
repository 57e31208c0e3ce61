package io.ganzoo.trainer.train;

/** How a WGAN keeps its critic Lipschitz; chooses between the two {@link Family#WGAN} presets. */
public enum Lipschitz implements WireName {
    /** A gradient penalty on interpolates (WGAN-GP, Gulrajani et al. 2017). */
    GP,
    /** Weight clipping (the original WGAN, Arjovsky et al. 2017). */
    CLIP;

    /** The constraint called {@code name} ({@code gp} or {@code clip}); the error lists the valid names. */
    public static Lipschitz parse(String name) {
        return WireName.parse(Lipschitz.class, name);
    }

    @Override
    public String toString() {
        return wireName();
    }
}
