package io.ganzoo.spark;

import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;

import java.io.IOException;
import java.net.URI;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The local file system under the scheme {@code faulty:}, with the failures the tests need, set per test through
 * static fields (Spark's local mode runs the tasks in the test's JVM):
 *
 * <ul>
 *   <li>{@link #hdfsRename}: a rename onto an existing file returns false, as HDFS's does (the local one replaces);
 *   <li>{@link #failOnce}: the first rename onto each target whose name contains one of these strings throws, as a
 *       storage error or a dying executor would at that moment;
 *   <li>{@link #renameBarrier}: renames onto targets containing {@link #barrierTarget} wait for each other, so that
 *       two attempts of a task commit at the same moment.
 * </ul>
 *
 * Registered with {@code fs.faulty.impl}.
 */
public final class FaultyFileSystem extends RawLocalFileSystem {
    static volatile boolean hdfsRename;
    static final Set<String> failOnce = ConcurrentHashMap.newKeySet();
    static final Set<String> failed = ConcurrentHashMap.newKeySet();
    static volatile CyclicBarrier renameBarrier;
    static volatile String barrierTarget = "";
    static final AtomicInteger renames = new AtomicInteger();

    static void reset() {
        hdfsRename = false;
        failOnce.clear();
        failed.clear();
        renameBarrier = null;
        barrierTarget = "";
        renames.set(0);
    }

    @Override
    public URI getUri() {
        return URI.create("faulty:///");
    }

    @Override
    public String getScheme() {
        return "faulty";
    }

    @Override
    public boolean rename(Path src, Path dst) throws IOException {
        renames.incrementAndGet();
        String name = dst.getName();
        CyclicBarrier b = renameBarrier;
        if (b != null && name.contains(barrierTarget)) {
            try {
                b.await();
            } catch (Exception e) {
                throw new IOException("barrier broken", e);
            }
        }
        for (String f : failOnce) {
            if (name.contains(f) && failed.add(dst.toString())) {
                throw new IOException("injected failure renaming " + src + " to " + dst);
            }
        }
        if (hdfsRename && exists(dst)) {
            return false;
        }
        return super.rename(src, dst);
    }
}
