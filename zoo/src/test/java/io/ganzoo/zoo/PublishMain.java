package io.ganzoo.zoo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;

/**
 * A separate process for {@link ConcurrentPublishTest}: waits until file {@code args[3]} exists, then publishes
 * {@code args[1]} as model {@code args[2]}@1.0.0 into repository folder {@code args[0]}.
 */
public final class PublishMain {
    private PublishMain() {}

    public static void main(String[] args) throws Exception {
        Path go = Paths.get(args[3]);
        while (!Files.exists(go)) {
            Thread.sleep(5);
        }
        Map<String, String> md = ConcurrentPublishTest.metadata(args[2], "1.0.0");
        System.out.println(
                Publisher.publish(Paths.get(args[0]), Paths.get(args[1]), md, Publisher.card(md, null, null, "MIT"))
                        .id());
    }
}
