package io.ganzoo.trainer.cli;

import io.ganzoo.trainer.train.BackboneType;
import io.ganzoo.trainer.train.ObjectiveType;
import io.ganzoo.trainer.train.OptimizerType;
import io.ganzoo.trainer.train.TrainConfig;
import picocli.CommandLine.Option;

import java.util.Optional;
import java.util.function.Consumer;

/**
 * The options of {@code train} whose default is the family's preset ({@link TrainConfig#preset}): each one given
 * replaces the preset's value, each one left out keeps it.
 */
final class PresetOverrides {
    @Option(
            names = "--objective",
            description = "minimax, non-saturating, wasserstein, relativistic or hinge (default: the family's)")
    String objective;

    @Option(names = "--lr-g", description = "G learning rate (dcgan, rpgan 2e-4; wgan-gp 1e-4; wgan-clip 5e-5)")
    Float lrG;

    @Option(names = "--lr-d", description = "D learning rate (as --lr-g)")
    Float lrD;

    @Option(names = "--beta1", description = "Adam beta1 (dcgan 0.5; wgan-gp, rpgan 0)")
    Float beta1;

    @Option(names = "--beta2", description = "Adam beta2 (dcgan 0.999; wgan-gp 0.9; rpgan 0.99)")
    Float beta2;

    @Option(names = "--optimizer", description = "adam or rmsprop (wgan-clip: rmsprop; others adam)")
    String optimizer;

    @Option(names = "--critic-steps", description = "D updates per G update (wgan 5; others 1)")
    Integer criticSteps;

    @Option(names = "--clip", description = "clip D weights to [-c, c] (wgan-clip 0.01; others 0)")
    Float clip;

    @Option(names = "--gp-weight", description = "WGAN-GP lambda (wgan-gp 10; others 0)")
    Float gpWeight;

    @Option(names = "--gamma", description = "gamma of gamma/2 (R1 + R2) (rpgan 0.1; others 0)")
    Float gamma;

    @Option(
            names = "--r1r2-every",
            paramLabel = "K",
            description = "lazy R1 + R2: the penalty on every K-th D update only, times K (StyleGAN2: 16; default 1)")
    Integer r1r2Every;

    @Option(
            names = "--ema-half-life",
            paramLabel = "IMAGES",
            description = "keep a moving average of G's weights with this half-life in training images and export it"
                    + " (StyleGAN2-ADA: 10000; default 0: none)")
    Long emaHalfLife;

    @Option(
            names = "--ema-rampup",
            description = "EMA warm-up: half-life at most images seen x this (default 0.05; 0: none)")
    Float emaRampup;

    @Option(
            names = "--augment",
            paramLabel = "POLICY",
            description = "DiffAugment of every image D sees: comma-separated color, translation, cutout"
                    + " (e.g. color,translation,cutout; default: none)")
    String augment;

    @Option(
            names = "--augment-p",
            paramLabel = "P",
            description = "probability in [0, 1] that each --augment transform is applied to each image (ADA's p;"
                    + " fixed unless --augment-target is given, then where it starts; default 1: every image)")
    Float augmentP;

    @Option(
            names = "--augment-target",
            paramLabel = "RT",
            description = "adaptive augmentation (ADA, Karras et al. 2020): move --augment-p every 4 D updates so"
                    + " that D's overfitting heuristic r_t stays at RT, in (0, 1) (the paper: 0.6; default 0: p fixed)")
    Float augmentTarget;

    @Option(
            names = "--augment-speed",
            paramLabel = "IMAGES",
            description = "images over which the adaptive p can cross [0, 1] (ADA's ada_kimg x 1000; default 500000)")
    Long augmentSpeed;

    @Option(
            names = "--backbone",
            description = "architecture of G and D: dcgan (Radford et al. 2016) or resnet (residual blocks as in"
                    + " SNGAN and BigGAN), both for 28x28 and 64x64 images (default dcgan)")
    String backbone;

    @Option(
            names = "--spectral-norm",
            negatable = true,
            description = "spectral normalisation of every Dense and Conv layer of D (Miyato et al. 2018;"
                    + " D then has no BatchNorm; default: off)")
    Boolean spectralNorm;

    /** Sets on {@code preset} every value given on the command line; an unknown objective or optimizer is refused. */
    TrainConfig.Builder applyTo(TrainConfig.Builder preset) {
        given(objective, o -> preset.objective(ObjectiveType.parse(o)));
        given(lrG, preset::learningRateG);
        given(lrD, preset::learningRateD);
        given(beta1, preset::beta1);
        given(beta2, preset::beta2);
        given(optimizer, o -> preset.optimizer(OptimizerType.parse(o)));
        given(criticSteps, preset::criticSteps);
        given(clip, preset::clip);
        given(gpWeight, preset::gpWeight);
        given(gamma, preset::r1r2Gamma);
        given(r1r2Every, preset::r1r2Interval);
        given(emaHalfLife, preset::emaHalfLife);
        given(emaRampup, preset::emaRampup);
        given(augment, preset::augment);
        given(augmentP, preset::augmentP);
        given(augmentTarget, preset::augmentTarget);
        given(augmentSpeed, preset::augmentSpeed);
        given(backbone, b -> preset.backbone(BackboneType.parse(b)));
        given(spectralNorm, preset::spectralNorm);
        return preset;
    }

    private static <T> void given(T value, Consumer<T> set) {
        Optional.ofNullable(value).ifPresent(set);
    }
}
