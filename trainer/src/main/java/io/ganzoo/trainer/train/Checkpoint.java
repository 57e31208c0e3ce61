package io.ganzoo.trainer.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.ganzoo.zoo.AtomicFiles;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A training checkpoint: a JSON header (step, elapsed time, config) and named float tensors (weights, BatchNorm
 * statistics, optimizer moments). Written to a temporary file, flushed to disk and renamed over the previous
 * checkpoint, so a run killed at any moment leaves either the old or the new checkpoint, never half of one.
 */
public final class Checkpoint {
    /** File name inside a run folder. */
    public static final String FILE = "checkpoint.bin";

    private static final int MAGIC = 0x475a434b; // "GZCK"
    private static final int FORMAT = 1;

    /** Header of a checkpoint. */
    public record Header(long step, double seconds, TrainConfig config) {}

    private final Header header;
    private final Map<String, float[]> values;
    private final Map<String, long[]> shapes;

    private Checkpoint(Header header, Map<String, float[]> values, Map<String, long[]> shapes) {
        this.header = header;
        this.values = values;
        this.shapes = shapes;
    }

    public Header header() {
        return header;
    }

    /** Names of the saved tensors, in order. */
    public Set<String> names() {
        return Collections.unmodifiableSet(values.keySet());
    }

    /** A copy of the values of tensor {@code name}, or {@code null}. */
    public float[] values(String name) {
        float[] v = values.get(name);
        return v == null ? null : v.clone();
    }

    /** Whether {@code runDir} holds a checkpoint. */
    public static boolean exists(Path runDir) {
        return Files.isRegularFile(runDir.resolve(FILE));
    }

    /** Writes tensors and header atomically into {@code runDir/checkpoint.bin}. */
    public static void save(Path runDir, Header header, Map<String, NDArray> tensors) throws IOException {
        Files.createDirectories(runDir);
        AtomicFiles.write(runDir.resolve(FILE), os -> {
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(os, 1 << 20));
            out.writeInt(MAGIC);
            out.writeInt(FORMAT);
            String json = "{\"step\":" + header.step() + ",\"seconds\":" + header.seconds() + ",\"config\":"
                    + header.config().toJson() + "}";
            byte[] h = json.getBytes(StandardCharsets.UTF_8);
            out.writeInt(h.length);
            out.write(h);
            out.writeInt(tensors.size());
            for (Map.Entry<String, NDArray> e : tensors.entrySet()) {
                NDArray a = e.getValue();
                out.writeUTF(e.getKey());
                long[] dims = a.getShape().getShape();
                out.writeInt(dims.length);
                for (long d : dims) {
                    out.writeLong(d);
                }
                float[] f = a.toFloatArray();
                ByteBuffer bb = ByteBuffer.allocate(f.length * 4).order(ByteOrder.LITTLE_ENDIAN);
                bb.asFloatBuffer().put(f);
                out.writeInt(f.length);
                out.write(bb.array());
            }
            out.flush();
        });
    }

    /** The header's JSON, or an error naming the file and what is wrong with it. */
    private static Header header(String json, Path file) throws IOException {
        try {
            JsonObject o = JsonParser.parseString(json).getAsJsonObject();
            for (String key : new String[] {"step", "seconds", "config"}) {
                if (!o.has(key) || o.get(key).isJsonNull()) {
                    throw new IllegalArgumentException("no '" + key + "'");
                }
            }
            return new Header(
                    o.get("step").getAsLong(),
                    o.get("seconds").getAsDouble(),
                    TrainConfig.fromJson(o.get("config").toString()));
        } catch (RuntimeException e) { // JsonParseException, IllegalStateException, IllegalArgumentException
            throw new IOException(
                    file + " is damaged (header: " + e.getMessage() + "). Resume from a copy of the run"
                            + " folder, or start the run again in a new folder.",
                    e);
        }
    }

    /** Reads {@code runDir/checkpoint.bin}. */
    public static Checkpoint load(Path runDir) throws IOException {
        Path file = runDir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(
                    file.toString(),
                    null,
                    Files.isDirectory(runDir)
                            ? "the run folder " + runDir + " holds no checkpoint yet (a run writes one at its first"
                                    + " --checkpoint-every, and at its end)"
                            : "there is no run folder " + runDir + "; give the folder a 'train -o DIR' run wrote");
        }
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 20))) {
            int magic = in.readInt();
            if (magic != MAGIC) {
                throw new IOException(file + " is not a ganzoo checkpoint (bad magic number)");
            }
            int format = in.readInt();
            if (format != FORMAT) {
                throw new IOException(file + ": checkpoint format " + format + ", expected " + FORMAT);
            }
            byte[] h = new byte[in.readInt()];
            in.readFully(h);
            Header header = header(new String(h, StandardCharsets.UTF_8), file);
            int n = in.readInt();
            Map<String, float[]> values = new LinkedHashMap<>();
            Map<String, long[]> shapes = new LinkedHashMap<>();
            for (int i = 0; i < n; i++) {
                String name = in.readUTF();
                long[] dims = new long[in.readInt()];
                for (int d = 0; d < dims.length; d++) {
                    dims[d] = in.readLong();
                }
                byte[] raw = new byte[Math.multiplyExact(in.readInt(), 4)];
                in.readFully(raw);
                float[] f = new float[raw.length / 4];
                ByteBuffer.wrap(raw)
                        .order(ByteOrder.LITTLE_ENDIAN)
                        .asFloatBuffer()
                        .get(f);
                values.put(name, f);
                shapes.put(name, dims);
            }
            return new Checkpoint(header, values, shapes);
        } catch (EOFException e) {
            throw new IOException(file + " is truncated", e);
        }
    }

    /**
     * Copies the saved values into existing arrays of the same names and shapes.
     *
     * @throws IOException naming the first tensor that is missing or has another shape
     */
    public void restore(Map<String, NDArray> tensors) throws IOException {
        for (Map.Entry<String, NDArray> e : tensors.entrySet()) {
            float[] v = values.get(e.getKey());
            if (v == null) {
                throw new IOException(
                        "checkpoint has no tensor '" + e.getKey() + "': was it written by another model?");
            }
            NDArray a = e.getValue();
            long[] expected = a.getShape().getShape();
            if (!Arrays.equals(expected, shapes.get(e.getKey())) || a.getDataType() != DataType.FLOAT32) {
                throw new IOException("checkpoint tensor '" + e.getKey() + "' has shape "
                        + new Shape(shapes.get(e.getKey())) + ", expected " + a.getShape());
            }
            ByteBuffer bb = ByteBuffer.allocateDirect(v.length * 4).order(ByteOrder.nativeOrder());
            bb.asFloatBuffer().put(v);
            a.set(bb);
        }
    }
}
