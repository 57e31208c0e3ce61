package io.ganzoo.render;

import java.io.IOException;
import java.util.List;

/**
 * Where rendered images go, one unit (a run of consecutive images) at a time. A unit appears complete or not at
 * all: it is written under a temporary name and moved into place before its manifest lines are recorded.
 */
public interface Sink {
    /** Images per unit; the last unit of a run may be shorter. */
    int unit();

    /**
     * Writes one unit and returns its manifest entries, in index order.
     *
     * @param first  index of the unit's first image in the run
     * @param pixels each image's interleaved 8-bit pixels
     * @param labels each image's label, or {@code null} for an unconditional model
     */
    List<Manifest.Entry> write(long first, List<byte[]> pixels, int[] labels) throws IOException;

    /** Whether a unit recorded by an earlier, interrupted run is intact (its files exist and hash as recorded). */
    boolean verify(List<Manifest.Entry> unit) throws IOException;

    /** Completes the output after the last unit (e.g. moves an array file into place). */
    void finish() throws IOException;
}
