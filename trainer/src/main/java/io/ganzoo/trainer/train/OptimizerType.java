package io.ganzoo.trainer.train;

/** The optimiser of both networks. */
public enum OptimizerType implements WireName {
    /** Adam (Kingma and Ba 2015) with the config's betas. */
    ADAM,
    /** RMSProp as PyTorch defines it, the original WGAN's optimiser (the betas are not used). */
    RMSPROP;

    /** The optimiser called {@code name} ({@code adam} or {@code rmsprop}); the error lists the valid names. */
    public static OptimizerType parse(String name) {
        return WireName.parse(OptimizerType.class, name);
    }

    @Override
    public String toString() {
        return wireName();
    }
}
