package io.ganzoo.zoo;

import java.util.Optional;

/**
 * Models that users ask for by name but that ganzoo does not distribute, with why and how to make them yourself. The
 * zoo's "not found" answer for such a name says this instead of only listing the known names (the reason stays
 * {@link ModelException.Reason#NOT_FOUND}).
 */
public final class Undistributed {
    /** The recipe of {@code celeba-dcgan} (docs/zoo.md; tested on drawn faces by the trainer's CelebaRecipeTest). */
    public static final String CELEBA_RECIPE =
            "./ganzoo-trainer train --dataset folder --data img_align_celeba --image-size 64"
                    + " --name celeba-dcgan --model-version 1.0.0 --epochs 5 -o runs/celeba-dcgan"
                    + " --publish /srv/my-models --title \"DCGAN 64x64 on CelebA\"\n"
                    + "  GANZOO_REPOSITORIES=/srv/my-models,embedded ./ganzoo sample celeba-dcgan -n 64 -o faces.png";

    private static final String CELEBA_WHY =
            "model 'celeba-dcgan' is not distributed with ganzoo: CelebA's agreement allows its images for"
                    + " non-commercial research only and forbids reproducing or exploiting the images or any data"
                    + " derived from them commercially, and a model trained on them is derived data, so no ganzoo"
                    + " repository carries one (ganzoo's own models may be used commercially). Train and publish it"
                    + " from your own copy of CelebA (img_align_celeba/, 202,599 JPEGs; any folder of JPEG/PNG files"
                    + " works) with the tested recipe of docs/zoo.md, about 65 minutes per epoch on 2 CPU cores:\n  "
                    + CELEBA_RECIPE
                    + "\nFor 64x64 colour faces that ship with ganzoo, sample emoji-dcgan.";

    private Undistributed() {}

    /** Why {@code name} is not distributed and how to make it, if it is one of these models. */
    public static Optional<String> explain(String name) {
        // a plain comparison: Map.of is not in Android API 26, which the zoo module is checked against
        return "celeba-dcgan".equals(name) ? Optional.of(CELEBA_WHY) : Optional.empty();
    }
}
