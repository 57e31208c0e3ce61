package io.ganzoo.zoo;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/** Stream helpers that Android has at every API level (unlike {@code skipNBytes} and {@code transferTo}). */
final class Streams {
    private Streams() {}

    /** Skips exactly {@code n} bytes. */
    static void skip(InputStream in, long n) throws IOException {
        byte[] buf = new byte[8192];
        long left = n;
        while (left > 0) {
            int r = in.read(buf, 0, (int) Math.min(buf.length, left));
            if (r < 0) {
                throw new EOFException("stream ended " + left + " bytes before offset " + n);
            }
            left -= r;
        }
    }

    /** Reads to the end, discarding (for streams that digest what passes through them). */
    static void drain(InputStream in) throws IOException {
        byte[] buf = new byte[1 << 16];
        while (in.read(buf) >= 0) {
            // discard
        }
    }

    /** Closes {@code in} after {@code failure}, keeping a close error as suppressed by it. */
    static void closeQuietly(InputStream in, Exception failure) {
        try {
            in.close();
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
    }
}
