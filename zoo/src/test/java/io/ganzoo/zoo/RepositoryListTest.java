package io.ganzoo.zoo;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 25, "settings that are not what they look like", for {@code GANZOO_REPOSITORIES} (attack pass): {@code
 * ftp://host/models} and {@code file:///srv/models} were taken for folders of those names (a folder "ftp:" in the
 * working directory); {@code HTTP://host} likewise; {@code http://} and a port of 99999 were accepted and failed at
 * the first lookup with a connection message; {@code /a;/b} (a Windows-style list) was one folder; {@code ","} was no
 * repository at all, so every model was "not found". Each is named now, with what is expected.
 */
class RepositoryListTest {
    @TempDir
    Path dir;

    private Zoo configured(String list) {
        return Zoo.configured(Settings.of(
                Map.of(),
                Map.of(
                        "GANZOO_REPOSITORIES",
                        list,
                        "GANZOO_HOME",
                        dir.resolve("cache").toString())));
    }

    private String refused(String list) {
        return assertThrows(IllegalArgumentException.class, () -> configured(list))
                .getMessage();
    }

    @Test
    void schemesAreReadInAnyCaseAndFileUrlsAreFolders() throws Exception {
        Path models = Files.createDirectories(dir.resolve("models"));
        List<Repository> rs = configured("EMBEDDED, HTTP://127.0.0.1:9/models/, Https://example.org/m/, "
                        + models.toUri() + ", " + models)
                .repositories();
        assertEquals(5, rs.size());
        assertInstanceOf(EmbeddedRepository.class, rs.get(0));
        assertInstanceOf(HttpRepository.class, rs.get(1));
        assertTrue(
                rs.get(1).location().startsWith("http://127.0.0.1:9/models"),
                rs.get(1).location());
        assertTrue(
                rs.get(2).location().startsWith("https://example.org/m"),
                rs.get(2).location());
        assertEquals(models.toString(), rs.get(3).location(), "file: URL is the folder");
        assertEquals(models.toString(), rs.get(4).location());
    }

    @Test
    void otherSchemesAreRefusedByName() {
        for (String s : new String[] {"ftp://example.org/models", "s3://bucket/models", "hf://org/repo"}) {
            String m = refused("embedded," + s);
            assertTrue(
                    m.startsWith("GANZOO_REPOSITORIES / ganzoo.repositories: '" + s + "'")
                            && m.contains("not over " + s.substring(0, s.indexOf(':')))
                            && m.contains("expected embedded, a folder path or an http(s)://"),
                    m);
        }
    }

    @Test
    void urlsWithoutAHostOrWithAnImpossiblePortAreRefused() {
        for (String s : new String[] {"http://", "https:///models", "http://127.0.0.1:99999/", "http://host:0/"}) {
            String m = refused(s);
            assertTrue(m.startsWith("GANZOO_REPOSITORIES / ganzoo.repositories: '" + s + "'"), m);
            assertTrue(m.contains("host") || m.contains("port") || m.contains("not a valid URL"), m);
        }
        assertTrue(refused("http://127.0.0.1:99999/").contains("65535"), refused("http://127.0.0.1:99999/"));
    }

    @Test
    void otherSeparatorsAndEmptyListsAreNamed() throws Exception {
        String m = refused("/srv/a;/srv/b");
        assertTrue(m.contains("reads like a list separated by ';'") && m.contains("separated by ','"), m);
        String colon = refused("/srv/a:/srv/b");
        assertTrue(colon.contains("separated by ':'"), colon);
        // a folder whose name holds the character is a folder
        Path odd = Files.createDirectories(dir.resolve("a;b"));
        assertEquals(
                odd.toString(), configured(odd.toString()).repositories().get(0).location());
        for (String empty : new String[] {",", " , ,"}) {
            String e = refused(empty);
            assertTrue(e.contains("which names no repository") && e.contains("comma-separated"), e);
        }
    }

    /**
     * Issue 26, an open zoo: a repository kind from outside ({@code mem://}, a {@link RepositoryFactory} named in
     * META-INF/services) is made from the list like the built-ins and serves verified models; unknown schemes are
     * told the known ones.
     */
    @Test
    void aRepositoryFactoryOnTheClassPathAddsAScheme() throws Exception {
        byte[] model = HttpRepositoryTest.bytes(10_000, 3);
        MemoryRepositoryFactory.put("models", "m.onnx", model);
        MemoryRepositoryFactory.put(
                "models",
                "index.json",
                MemoryRepositoryFactory.utf8(LoopbackServer.index(
                        LoopbackServer.entry("m", "1.0.0", "m.onnx", Zoo.sha256(model), model.length))));
        Zoo zoo = configured("MEM://models, embedded");
        assertEquals("mem://models/", zoo.repositories().get(0).location());
        assertEquals(
                java.util.Arrays.toString(model),
                java.util.Arrays.toString(zoo.fetch("m").bytes()));
        String m = refused("mem://nothing-here");
        assertTrue(m.contains("names no repository in memory"), m);
        String unknown = refused("s3://bucket/models");
        assertTrue(unknown.contains("the schemes [file, http, https, mem], not over s3"), unknown);
    }

    /** Attack pass: '~/repo' was a folder named '~' in the working directory, as GANZOO_HOME's '~' is not. */
    @Test
    void aFolderItemExpandsItsTildeAsGanzooHomeDoes() throws Exception {
        Path home = Files.createDirectories(dir.resolve("home"));
        Zoo zoo = Zoo.configured(Settings.of(
                Map.of("user.home", home.toString()),
                Map.of(
                        "GANZOO_REPOSITORIES",
                        "~/repo, embedded",
                        "GANZOO_HOME",
                        dir.resolve("c").toString())));
        assertEquals(home.resolve("repo").toString(), zoo.repositories().get(0).location());
        String other = refused("~bob/repo");
        assertTrue(other.startsWith("GANZOO_REPOSITORIES / ganzoo.repositories: '~bob/repo' starts with ~user"), other);
    }

    /** Attack pass: file:/tmp/w/repo (one slash, a valid file URI) was "a list separated by ':'". */
    @Test
    void aFileUriWithOneSlashIsAFolderAndAWindowsDriveIsAPath() throws Exception {
        Path models = Files.createDirectories(dir.resolve("models"));
        assertEquals(
                models.toString(),
                configured("file:" + models).repositories().get(0).location());
        assertEquals(
                models.toString(),
                configured("FILE:" + models).repositories().get(0).location());
        // one letter is a drive, never a scheme (on Linux, a relative folder name)
        String drive = refused("C:/no/such/models:D:/x");
        assertTrue(drive.contains("reads like a list separated by ':'"), drive);
        String relative = refused("models:other");
        assertTrue(relative.contains("reads like a list separated by ':'"), relative);
    }

    /** Attack pass: a query or fragment was dropped silently (a fragment even changed the path); user:pw accepted. */
    @Test
    void queriesFragmentsAndCredentialsAreRefusedWithTheReason() throws Exception {
        Path models = Files.createDirectories(dir.resolve("models"));
        String query = refused("https://example.org/m/?x=1");
        assertTrue(
                query.startsWith("GANZOO_REPOSITORIES / ganzoo.repositories: 'https://example.org/m/?x=1' has a"
                        + " query ('?x=1'), which ganzoo would drop"),
                query);
        String fragment = refused("http://example.org/m/#frag");
        assertTrue(fragment.contains("has a fragment ('#frag')"), fragment);
        String fileFragment = refused(models.toUri() + "#frag");
        assertTrue(fileFragment.contains("has a fragment ('#frag')"), fileFragment);
        String creds = refused("https://user:pw@example.org/m/");
        assertTrue(creds.contains("carries a user name or password, which ganzoo never sends"), creds);
        assertTrue(creds.contains("RepositoryFactory"), creds);
        assertTrue(creds.contains("'https://user:***@example.org/m/'"), creds);
        assertTrue(!creds.contains("pw@"), "the password is not repeated: " + creds);
    }
}
