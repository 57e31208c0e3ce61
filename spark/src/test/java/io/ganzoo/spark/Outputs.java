package io.ganzoo.spark;

import com.google.gson.JsonParser;
import io.ganzoo.render.Formats;
import io.ganzoo.render.OutputFormat;
import io.ganzoo.render.Renderer;
import io.ganzoo.sdk.Generator;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code ganzoo render}'s run, made here with the render library it runs on (the {@code render} module), and what the
 * tests compare between its output and the Spark job's.
 */
final class Outputs {
    private Outputs() {}

    /**
     * Renders as {@code ganzoo render MODEL ARGS -o out} does (the command's steps: load, spec, prepare, run), for the
     * arguments the tests give: {@code -n N}, {@code --seed S}, {@code --format F}, {@code --per-tar N},
     * {@code --label C[,C...]}.
     */
    static Path cliRender(Path out, String model, String... args) throws Exception {
        long n = 0;
        long seed = 0;
        String format = "png";
        int perTar = 1000;
        String label = null;
        for (int i = 0; i < args.length; i += 2) {
            String v = args[i + 1];
            switch (args[i]) {
                case "-n" -> n = Long.parseLong(v);
                case "--seed" -> seed = Long.parseLong(v);
                case "--format" -> format = v;
                case "--per-tar" -> perTar = Integer.parseInt(v);
                case "--label", "--labels" -> label = v;
                default -> throw new IllegalArgumentException("not a render argument of these tests: " + args[i]);
            }
        }
        OutputFormat f = Formats.get(format);
        try (Generator g = Generator.load(model)) {
            Renderer.Spec spec =
                    Renderer.spec(g, seed, n, f, Renderer.labels(g, label), new Renderer.Shard(0, 1), perTar);
            Renderer.render(g, spec, f, out, 64, null, null);
        }
        return out;
    }

    /** The files of a folder whose names end in {@code suffix}, by name, with their bytes. */
    static Map<String, byte[]> files(Path dir, String suffix) throws IOException {
        Map<String, byte[]> m = new TreeMap<>();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p :
                    s.filter(p -> p.getFileName().toString().endsWith(suffix)).toList()) {
                m.put(p.getFileName().toString(), Files.readAllBytes(p));
            }
        }
        return m;
    }

    /** Asserts that two folders hold the same tars, byte for byte, and the same manifest.jsonl. */
    static void assertSameTars(Path cli, Path spark) throws IOException {
        Map<String, byte[]> a = files(cli, ".tar");
        Map<String, byte[]> b = files(spark, ".tar");
        assertEquals(a.keySet(), b.keySet(), "tar names");
        assertTrue(a.size() > 0);
        for (String name : a.keySet()) {
            assertTrue(Arrays.equals(a.get(name), b.get(name)), name + " differs from the cli's");
        }
        assertEquals(
                Files.readString(cli.resolve("manifest.jsonl")),
                Files.readString(spark.resolve("manifest.jsonl")),
                "manifest.jsonl");
    }

    /** index -> sha256 of a manifest.jsonl, failing on an index listed twice. */
    static Map<Long, String> manifest(Path dir) throws IOException {
        Map<Long, String> m = new TreeMap<>();
        for (String line : Files.readAllLines(dir.resolve("manifest.jsonl"))) {
            var o = JsonParser.parseString(line).getAsJsonObject();
            String old = m.put(o.get("index").getAsLong(), o.get("sha256").getAsString());
            assertEquals(null, old, "index " + o.get("index") + " listed twice");
        }
        return m;
    }

    /** The data of an .npy file (what follows its header). */
    static byte[] npyData(byte[] npy) {
        int headerLength =
                ByteBuffer.wrap(npy, 8, 2).order(ByteOrder.LITTLE_ENDIAN).getShort() & 0xffff;
        return Arrays.copyOfRange(npy, 10 + headerLength, npy.length);
    }

    /** Files left anywhere under {@code dir} whose path contains {@code part}. */
    static List<Path> find(Path dir, String part) throws IOException {
        if (!Files.exists(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> p.toString().contains(part) && Files.isRegularFile(p))
                    .toList();
        }
    }
}
