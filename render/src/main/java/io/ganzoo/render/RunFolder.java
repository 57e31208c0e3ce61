package io.ganzoo.render;

import com.google.gson.Gson;
import com.google.gson.JsonParseException;

/**
 * The rule every render keeps for its output folder, on a local disk ({@link Renderer#prepare}) or any file system
 * a distributed render reaches: the folder is new or empty, or it holds the record of a run of the same arguments
 * (its spec file), which the render then completes. It never writes into a folder of files it did not make.
 */
public final class RunFolder {
    private static final Gson GSON = new Gson();

    private RunFolder() {}

    /** What a run's folder records of its arguments: a record whose {@code equals} compares them all. */
    public interface Record {
        /** The arguments in words, for messages. */
        String describe();

        /** The SHA-256 of the model's bytes (two runs of one file name can differ by it alone). */
        String modelSha256();
    }

    /**
     * Checks a folder that is not empty against the run about to be made there.
     *
     * @param folder     the folder as the user named it (for messages)
     * @param specName   the spec file's name ({@code render.json}, {@code spark-render.json})
     * @param recorded   the spec file's text, or {@code null} when the folder holds none
     * @param spec       the run's arguments
     * @param command    what the user runs again to complete the recorded run ("run", "job")
     * @throws IllegalArgumentException when the folder holds no spec file, or one of other arguments (or unreadable)
     */
    public static <S extends Record> void checkSameRun(
            String folder, String specName, String recorded, S spec, String command) {
        if (recorded == null) {
            throw new IllegalArgumentException("--out " + folder + " is not empty and holds no " + specName
                    + ": choose a new folder (the " + command + " never writes over files it did not make)");
        }
        S old;
        String unreadable = null;
        try {
            @SuppressWarnings("unchecked")
            S parsed = (S) GSON.fromJson(recorded, spec.getClass());
            old = parsed;
            if (old == null) {
                unreadable = "it is empty";
            }
        } catch (JsonParseException | NumberFormatException | IllegalStateException e) {
            old = null;
            unreadable = e.getMessage();
        }
        if (old == null) {
            // the record of the run is damaged: no arguments can complete that run (attack pass: it said "repeat
            // that run's arguments" of an unreadable file)
            throw new IllegalArgumentException("--out " + folder + ": its " + specName + " cannot be read ("
                    + unreadable + "), so the run in it cannot be completed; choose a new folder (or delete the"
                    + " folder's files if they are yours to lose)");
        }
        if (!spec.equals(old)) {
            String was = old.describe();
            String is = spec.describe();
            throw new IllegalArgumentException("--out " + folder + " holds a run of other arguments (" + was
                    + (was.equals(is) ? ", of a model file with another SHA-256 (" + old.modelSha256() + ")" : "")
                    + "); this one is " + is + (was.equals(is) ? " (SHA-256 " + spec.modelSha256() + ")" : "")
                    + ". Repeat that " + command + "'s arguments to complete it, or choose a new folder.");
        }
    }
}
