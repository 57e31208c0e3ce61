package io.ganzoo.zoo;

import java.net.URI;
import java.nio.file.Path;

/** A separate process for {@link HttpRepositoryTest}: pulls {@code args[2]} from {@code args[1]} into cache {@code args[0]}. */
public final class PullMain {
    private PullMain() {}

    public static void main(String[] args) throws Exception {
        Zoo zoo = Zoo.builder()
                .addRepository(new HttpRepository(URI.create(args[1])))
                .optCache(new ModelCache(Path.of(args[0])))
                .build();
        System.out.println(zoo.fetch(args[2]).bytes().length);
    }
}
