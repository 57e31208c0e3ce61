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

    /**
     * {@code in}, which must deliver {@code length} bytes ({@code -1}: unknown, not checked): an end before them is an
     * {@link java.io.EOFException} naming {@code what} and both counts.
     */
    static InputStream exactly(InputStream in, long length, String what) {
        if (length < 0) {
            return in;
        }
        return new java.io.FilterInputStream(in) {
            private long read;

            @Override
            public int read() throws IOException {
                int b = super.read();
                count(b < 0 ? -1 : 1);
                return b;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = super.read(b, off, len);
                count(n);
                return n;
            }

            private void count(int n) throws IOException {
                if (n < 0 && read < length) {
                    throw new java.io.EOFException(what + " ended after " + read + " of the " + length
                            + " bytes the server announced (Content-Length)");
                }
                read += Math.max(0, n);
            }
        };
    }
}
