package io.ganzoo.demo;

import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Robolectric never downloads: it is set offline, reads its Android framework from a local folder that holds the jar,
 * and, were it to ask a repository anyway, the only one it knows is a closed port on this machine.
 */
class OfflineTest {
    @Test
    void robolectricIsOffline() {
        assertEquals("true", System.getProperty("robolectric.offline"));
        Path jar = Paths.get(System.getProperty("demo.instrumentedJar"));
        assertTrue(Files.isRegularFile(jar), jar + " is there");
        assertEquals(Paths.get(System.getProperty("robolectric.dependency.dir")), jar.getParent());
        assertTrue(jar.getFileName().toString().matches("android-all-instrumented-\\d+-robolectric-\\d+-i\\d+\\.jar"));
    }

    @Test
    void itsRepositoryIsAClosedLocalPort() {
        URI repo = URI.create(System.getProperty("robolectric.dependency.repo.url"));
        assertEquals("127.0.0.1", repo.getHost());
        assertThrows(ConnectException.class, () -> {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(repo.getHost(), repo.getPort()), 2000);
            }
        });
    }
}
