package io.ganzoo.zoo;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Publishes into one folder at once lost index entries (an attack): each now waits for the folder's lock. */
class ConcurrentPublishTest {
    @TempDir
    Path dir;

    static Map<String, String> metadata(String name, String version) {
        return Map.of("ganzoo.format", "1", "ganzoo.name", name, "ganzoo.version", version);
    }

    Set<String> ids(Path repo) throws ZooException {
        return new FolderRepository(repo)
                .index().models().stream().map(ModelEntry::id).collect(Collectors.toCollection(TreeSet::new));
    }

    /** No lock file, no temporary file is left in the folder (it may be packaged, as the embedded models are). */
    void assertOnlyModelsAndIndex(Path repo) throws Exception {
        try (Stream<Path> s = Files.list(repo)) {
            List<String> names = s.map(p -> p.getFileName().toString()).toList();
            assertTrue(
                    names.stream().allMatch(n -> n.equals("index.json") || n.endsWith(".onnx") && !n.startsWith(".")),
                    names.toString());
        }
    }

    @Test
    void threadsPublishingIntoOneFolderAtOnceAllEndInTheIndex() throws Exception {
        Path repo = dir.resolve("repo");
        Path file = dir.resolve("m.onnx");
        Files.write(file, "model bytes".getBytes(StandardCharsets.UTF_8));
        int n = 8;
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            for (int round = 0; round < 3; round++) {
                CountDownLatch go = new CountDownLatch(1);
                List<Future<ModelEntry>> all = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    Map<String, String> md = metadata("m" + i, "1." + round + ".0");
                    all.add(pool.submit(() -> {
                        go.await();
                        return Publisher.publish(repo, file, md, Publisher.card(md, null, null, "MIT"));
                    }));
                }
                go.countDown();
                for (Future<ModelEntry> f : all) {
                    f.get(60, TimeUnit.SECONDS);
                }
                assertEquals(n * (round + 1), ids(repo).size(), "round " + round + ": " + ids(repo));
            }
        } finally {
            pool.shutdownNow();
        }
        assertOnlyModelsAndIndex(repo);
    }

    @Test
    void twoProcessesPublishingIntoOneFolderAtOnceBothEndInTheIndex() throws Exception {
        Path repo = Files.createDirectories(dir.resolve("repo"));
        Path file = dir.resolve("m.onnx");
        Files.write(file, new byte[200_000]);
        Path go = dir.resolve("go");
        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        List<Process> ps = new ArrayList<>();
        for (String name : new String[] {"a", "b"}) {
            ps.add(new ProcessBuilder(
                            java,
                            "-cp",
                            System.getProperty("java.class.path"),
                            PublishMain.class.getName(),
                            repo.toString(),
                            file.toString(),
                            name,
                            go.toString())
                    .redirectErrorStream(true)
                    .start());
        }
        Thread.sleep(300); // both JVMs are up and polling
        Files.write(go, new byte[0]);
        for (Process p : ps) {
            assertTrue(p.waitFor(60, TimeUnit.SECONDS));
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            assertEquals(0, p.exitValue(), out);
        }
        assertEquals(Set.of("a@1.0.0", "b@1.0.0"), ids(repo));
        assertOnlyModelsAndIndex(repo);
    }
}
