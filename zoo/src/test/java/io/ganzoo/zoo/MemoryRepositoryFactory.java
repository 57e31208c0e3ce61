package io.ganzoo.zoo;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A repository kind added from outside the zoo, as an application would add one: {@code mem://NAME} serves the files
 * {@link #put} under NAME, registered in this module's test {@code META-INF/services}.
 */
public final class MemoryRepositoryFactory implements RepositoryFactory {
    static final Map<String, Map<String, byte[]>> REPOSITORIES = new ConcurrentHashMap<>();

    /** Serves {@code bytes} as {@code file} of repository {@code name}; {@code index.json} is the index. */
    static void put(String name, String file, byte[] bytes) {
        REPOSITORIES.computeIfAbsent(name, n -> new ConcurrentHashMap<>()).put(file, bytes);
    }

    @Override
    public Set<String> schemes() {
        return Set.of("mem");
    }

    @Override
    public Repository create(URI uri) {
        String name = uri.getHost();
        if (name == null || !REPOSITORIES.containsKey(name)) {
            throw new IllegalArgumentException("names no repository in memory (known: " + REPOSITORIES.keySet() + ")");
        }
        Map<String, byte[]> files = REPOSITORIES.get(name);
        return new Repository() {
            @Override
            public String location() {
                return "mem://" + name + "/";
            }

            @Override
            public ZooIndex index() throws ZooException {
                return ZooIndex.read(new ByteArrayInputStream(files.get("index.json")), location() + "index.json");
            }

            @Override
            public InputStream open(ModelEntry entry, long offset) {
                byte[] b = files.get(entry.file());
                return new ByteArrayInputStream(b, (int) offset, b.length - (int) offset);
            }
        };
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
