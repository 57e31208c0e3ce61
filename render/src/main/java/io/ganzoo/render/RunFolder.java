package io.ganzoo.render;

import com.google.gson.Gson;
import com.google.gson.JsonParseException;

import java.util.function.Function;

/**
 * The rule every render keeps for its output folder, on a local disk ({@link Renderer#prepare}) or any file system
 * a distributed render reaches: the folder is new or empty, or it holds the record of a run of the same arguments
 * (its spec file), which the render then completes. It never writes into a folder of files it did not make.
 */
public final class RunFolder {
    private static final Gson GSON = new Gson();

    private RunFolder() {}

    /**
     * Checks a folder that is not empty against the run about to be made there.
     *
     * @param folder     the folder as the user named it (for messages)
     * @param specName   the spec file's name ({@code render.json}, {@code spark-render.json})
     * @param recorded   the spec file's text, or {@code null} when the folder holds none
     * @param spec       the run's arguments, a record whose {@code equals} compares them all
     * @param describe   the arguments in words, for messages
     * @param command    what the user runs again to complete the recorded run ("run", "job")
     * @throws IllegalArgumentException when the folder holds no spec file, or one of other arguments (or unreadable)
     */
    public static <S> void checkSameRun(
            String folder, String specName, String recorded, S spec, Function<S, String> describe, String command) {
        if (recorded == null) {
            throw new IllegalArgumentException("--out " + folder + " is not empty and holds no " + specName
                    + ": choose a new folder (the " + command + " never writes over files it did not make)");
        }
        S old;
        try {
            @SuppressWarnings("unchecked")
            S parsed = (S) GSON.fromJson(recorded, spec.getClass());
            old = parsed;
        } catch (JsonParseException e) {
            old = null;
        }
        if (old == null || !spec.equals(old)) {
            throw new IllegalArgumentException("--out " + folder + " holds a run of other arguments ("
                    + (old == null ? "unreadable " + specName : describe.apply(old)) + "); this one is "
                    + describe.apply(spec) + ". Repeat that " + command + "'s arguments to complete it, or choose a"
                    + " new folder.");
        }
    }
}
