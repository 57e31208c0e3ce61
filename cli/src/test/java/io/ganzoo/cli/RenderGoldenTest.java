package io.ganzoo.cli;

import io.ganzoo.zoo.Zoo;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static io.ganzoo.cli.SampleCommandTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * What {@code ganzoo render} writes, pinned: every file of a run but {@code summary.json} (which holds timings),
 * byte for byte, over every format, labels, shards and tar sizes, for zoo models of three kinds. The pins were taken
 * from the renders of the code before rendering moved into its own module ({@code ganzoo-render}, issue 26), whose
 * 357 files were compared with the old command's one by one; any change to a pixel, a PNG text chunk, a tar header, an
 * array header, the manifest or {@code render.json} shows here. Pixels are this machine's ONNX Runtime's: the same
 * machines {@code ganzoo zoo selftest} finds identical.
 */
class RenderGoldenTest {
    @TempDir
    Path dir;

    /** SHA-256 of the lines {@code <sha256 of the file>  <path in the folder>}, sorted by path, one per file. */
    static String tree(Path out) throws Exception {
        StringBuilder lines = new StringBuilder();
        List<Path> files;
        try (Stream<Path> s = Files.walk(out)) {
            files = s.filter(Files::isRegularFile)
                    .filter(p -> !p.getFileName().toString().equals("summary.json"))
                    .filter(p -> !p.getFileName().toString().equals(".render.lock"))
                    .sorted()
                    .toList();
        }
        for (Path p : files) {
            lines.append(Zoo.sha256(Files.readAllBytes(p)))
                    .append("  ")
                    .append(out.relativize(p).toString().replace('\\', '/'))
                    .append('\n');
        }
        return Zoo.sha256(lines.toString().getBytes(StandardCharsets.UTF_8));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "png-dcgan|fashion-dcgan@1.1.0 -n 150 --seed 7 --format png"
                        + "|2f698fb56499eae33c39afed9296c9c2c68b7bc48fd432641ea2d07018c73312",
                "png-cgan|fashion-cgan@1.0.1 -n 150 --seed 3 --format png"
                        + "|a824a2184a74ec48c9038bd880c2c4543cd6015adca493d664b827f9739b79c8",
                "npy-cgan-labels|fashion-cgan@1.0.1 -n 150 --format npy --label Dress,Bag"
                        + "|e3e5daaacb32934ee093d874a0823c834df8c84fa9de6fc57e19548cc5171945",
                "wds-dcgan-shard|fashion-dcgan@1.1.0 -n 300 --format wds --per-tar 100 --shard 1/2"
                        + "|a4494e442c357d6f9d12040286f4bdfac6817d9525493cb2f337f2af27da8102",
                "wds-cgan|fashion-cgan@1.0.1 -n 200 --format wds --per-tar 64 --seed 5"
                        + "|39ac395255e66701e1255f8982e9f2e71c1c41c1d0e2954a36dc1df4646176a3",
                "npy-dcgan-shard|fashion-dcgan@1.1.0 -n 100 --format npy --shard 0/3 --seed 11"
                        + "|1eb92943a501df410f8acfe7133f7874edcbf6ede3ff5e53d31241b362a2afb2",
                "png-emoji|emoji-dcgan@1.1.0 -n 20 --seed 2 --format png"
                        + "|625cd91c831defab0826e474cf79bcd189681b3d0d9bba68fba8533442a8d94e"
            })
    void renderedFilesAreThePinnedOnes(String name, String args, String expected) throws Exception {
        Path out = dir.resolve(name);
        String[] words = (args + " -q -o " + out).split(" ");
        String[] all = new String[words.length + 1];
        all[0] = "render";
        System.arraycopy(words, 0, all, 1, words.length);
        SampleCommandTest.Run r = run(all);
        assertEquals(0, r.code(), r.err());
        assertEquals(expected, tree(out), name + ": the files differ from the pinned render");
    }
}
