package io.ganzoo.zoo;

import java.net.URI;
import java.util.Set;

/**
 * Makes the repositories of one or more URL schemes from the items of a repository list ({@code GANZOO_REPOSITORIES},
 * {@link Zoo#parseRepository}). Found with {@link java.util.ServiceLoader}: an application adds a kind of repository
 * (object storage, a model hub) by implementing this and naming the class in
 * {@code META-INF/services/io.ganzoo.zoo.RepositoryFactory}, as DJL's {@code RepositoryFactory}. The built-ins are
 * {@link Http} ({@code http}, {@code https}) and {@link Folder} ({@code file}); the word {@code embedded} and plain
 * folder paths need no scheme.
 */
public interface RepositoryFactory {
    /** The URL schemes this factory makes repositories for, in lower case, e.g. {@code http}, {@code https}. */
    Set<String> schemes();

    /**
     * Makes the repository at {@code uri}, whose scheme (in lower case) is one of {@link #schemes()}.
     *
     * @throws IllegalArgumentException when the URL cannot name a repository of this kind: the message names what is
     *     wrong and what is expected (the caller adds the setting and the item)
     */
    Repository create(URI uri);

    /** {@code http://} and {@code https://} base URLs: {@link HttpRepository}. */
    final class Http implements RepositoryFactory {
        @Override
        public Set<String> schemes() {
            return new java.util.HashSet<>(java.util.Arrays.asList("http", "https")); // no Set.of on Android API 26
        }

        @Override
        public Repository create(URI uri) {
            refuseQueryFragmentAndUser(uri);
            if (uri.getHost() == null) { // no host, or an authority Java cannot split into host and port
                throw new IllegalArgumentException("names no host"
                        + (uri.getRawAuthority() == null
                                ? ""
                                : " it can reach ('" + uri.getRawAuthority()
                                        + "': a host name or address, then a port from 1 to 65535)"));
            }
            if (uri.getPort() == 0 || uri.getPort() > 65535) {
                throw new IllegalArgumentException(
                        "has port " + uri.getPort() + ", which is none (ports are 1 to 65535)");
            }
            return new HttpRepository(uri);
        }
    }

    /** {@code file:///path} URLs of folders: {@link FolderRepository}. */
    final class Folder implements RepositoryFactory {
        @Override
        public Set<String> schemes() {
            return java.util.Collections.singleton("file");
        }

        @Override
        public Repository create(URI uri) {
            refuseQueryFragmentAndUser(uri);
            try {
                return new FolderRepository(java.nio.file.Paths.get(uri));
            } catch (IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
                throw new IllegalArgumentException(
                        "is not a local file URL (file:///path/to/folder): " + e.getMessage(), e);
            }
        }
    }

    /**
     * The built-in repositories read {@code <base>/index.json} and the files beside it: a query or a fragment would be
     * dropped (a fragment even changes the path), and a user name and password would never be sent, so each is
     * refused with the reason.
     */
    private static void refuseQueryFragmentAndUser(URI uri) {
        if (uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException("carries a user name or password, which ganzoo never sends: the"
                    + " built-in repositories read public files only. Serve the repository without credentials, or"
                    + " give your application its own Repository (a RepositoryFactory for its scheme) that"
                    + " authenticates");
        }
        if (uri.getRawQuery() != null) {
            throw new IllegalArgumentException("has a query ('?" + uri.getRawQuery() + "'), which ganzoo would drop:"
                    + " a repository is a base URL whose files are BASE/index.json and the files beside it; remove"
                    + " the query");
        }
        if (uri.getRawFragment() != null) {
            throw new IllegalArgumentException("has a fragment ('#" + uri.getRawFragment() + "'), which is never"
                    + " sent to a server and would change the path the files are read from; remove it (a '#' in a"
                    + " folder's name is written %23 in a URL)");
        }
    }
}
