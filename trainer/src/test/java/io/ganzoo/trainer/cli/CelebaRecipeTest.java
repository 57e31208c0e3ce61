package io.ganzoo.trainer.cli;

import io.ganzoo.console.ExitCode;
import io.ganzoo.sdk.Generator;
import io.ganzoo.sdk.Images;
import io.ganzoo.trainer.data.ImageFolderTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static io.ganzoo.trainer.cli.TrainerCliTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The documented CelebA recipe (docs/zoo.md) end to end on a small image folder this test draws: train a 64x64
 * DCGAN from JPEG/PNG files, publish it as celeba-dcgan into a repository folder, and load it by name.
 */
class CelebaRecipeTest {
    @TempDir
    Path dir;

    @AfterEach
    void reset() {
        System.clearProperty("ganzoo.repositories");
        System.clearProperty("ganzoo.home");
    }

    @Test
    void trainPublishAndLoadByName() throws Exception {
        Path images = dir.resolve("celeba");
        ImageFolderTest.faces(images, 20);
        Path repo = dir.resolve("repo");
        TrainerCliTest.Run r = run(
                "train",
                "--dataset",
                "folder",
                "--data",
                images.toString(),
                "--image-size",
                "64",
                "--name",
                "celeba-dcgan",
                "--steps",
                "2",
                "--batch-size",
                "8",
                "--ngf",
                "8",
                "--ndf",
                "8",
                "-q",
                "-o",
                dir.resolve("run").toString(),
                "--publish",
                repo.toString(),
                "--title",
                "test faces");
        assertEquals(ExitCode.OK.code(), r.code(), r.err());
        assertTrue(r.out().contains("published celeba-dcgan@1.0.0"), r.out());
        assertTrue(Files.isRegularFile(repo.resolve("index.json")));
        System.setProperty("ganzoo.repositories", repo + ",embedded");
        System.setProperty("ganzoo.home", dir.resolve("home").toString());
        try (Generator g = Generator.load("celeba-dcgan")) {
            Images im = g.sample(4, 1L);
            assertEquals(3, im.channels());
            assertEquals(64, im.height());
            assertEquals(64, im.width());
            assertEquals("folder/64", g.metadata().get("ganzoo.dataset"));
        }
        TrainerCliTest.Run again = run(
                "train",
                "--dataset",
                "folder",
                "--data",
                images.toString(),
                "--name",
                "celeba-dcgan",
                "--steps",
                "1",
                "--batch-size",
                "8",
                "--ngf",
                "8",
                "--ndf",
                "8",
                "-q",
                "-o",
                dir.resolve("run2").toString(),
                "--publish",
                repo.toString());
        assertEquals(ExitCode.USAGE.code(), again.code(), "the same version is never published twice: " + again.err());
        assertTrue(again.err().contains("already published"), again.err());
        TrainerCliTest.Run noData =
                run("train", "--dataset", "folder", "-o", dir.resolve("run3").toString());
        assertEquals(ExitCode.USAGE.code(), noData.code());
        assertTrue(noData.err().contains("--data"), noData.err());
    }

    /** The commands the zoo prints to a user who asks for celeba-dcgan are this recipe's, and the trainer takes them. */
    @Test
    void theRecipeTheZooPrintsParses() throws Exception {
        String recipe = io.ganzoo.zoo.Undistributed.CELEBA_RECIPE;
        String train = recipe.lines().findFirst().orElseThrow();
        assertTrue(train.startsWith("./ganzoo-trainer train --dataset folder --data img_align_celeba --image-size 64"));
        java.util.List<String> args = new java.util.ArrayList<>();
        java.util.regex.Matcher m =
                java.util.regex.Pattern.compile("\"([^\"]*)\"|(\\S+)").matcher(train);
        while (m.find()) {
            args.add(m.group(1) != null ? m.group(1) : m.group(2));
        }
        args = args.subList(1, args.size()); // drop ./ganzoo-trainer
        var parsed = TrainerCli.commandLine().parseArgs(args.toArray(String[]::new));
        var sub = parsed.subcommand();
        assertEquals("train", sub.commandSpec().name());
        assertEquals("celeba-dcgan", sub.matchedOptionValue("--name", ""));
        assertEquals("DCGAN 64x64 on CelebA", sub.matchedOptionValue("--title", ""));
        assertTrue(recipe.contains("./ganzoo sample celeba-dcgan -n 64 -o faces.png"), recipe);
    }
}
