package io.ganzoo.sdk;

import java.util.Locale;
import java.util.Objects;

/**
 * Where a generator runs: the CPU, or a CUDA GPU by device id. CUDA needs ONNX Runtime's GPU build
 * ({@code com.microsoft.onnxruntime:onnxruntime_gpu}, CUDA 12 and cuDNN 9 on the host) in place of the CPU build the
 * sdk depends on; see docs/latent.md.
 */
public final class Device {
    private static final Device CPU = new Device(false, 0);
    private final boolean cuda;
    private final int id;

    private Device(boolean cuda, int id) {
        this.cuda = cuda;
        this.id = id;
    }

    /** The CPU (the default). */
    public static Device cpu() {
        return CPU;
    }

    /** CUDA GPU number {@code id} (0 is the first). */
    public static Device cuda(int id) {
        if (id < 0) {
            throw new IllegalArgumentException("CUDA device id: expected >= 0, found " + id);
        }
        return new Device(true, id);
    }

    /**
     * {@code cpu}, {@code cuda} (GPU 0) or {@code cuda:N}.
     *
     * @throws IllegalArgumentException for anything else
     */
    public static Device parse(String s) {
        String t = s.trim().toLowerCase(Locale.ROOT);
        if (t.equals("cpu")) {
            return CPU;
        }
        if (t.equals("cuda") || t.equals("gpu")) {
            return cuda(0);
        }
        if (t.startsWith("cuda:")) {
            try {
                return cuda(io.ganzoo.zoo.Decimal.parseInt(t.substring(5)));
            } catch (NumberFormatException e) {
                // fall through to the message below
            }
        }
        throw new IllegalArgumentException("device '" + s + "': expected cpu, cuda or cuda:N (N a GPU number)");
    }

    public boolean isCuda() {
        return cuda;
    }

    /** The CUDA device id (0 for the CPU). */
    public int id() {
        return id;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Device d && d.cuda == cuda && d.id == id;
    }

    @Override
    public int hashCode() {
        return Objects.hash(cuda, id);
    }

    @Override
    public String toString() {
        return cuda ? "cuda:" + id : "cpu";
    }
}
