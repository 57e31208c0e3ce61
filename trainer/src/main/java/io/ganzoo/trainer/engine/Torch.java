package io.ganzoo.trainer.engine;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.LibUtils;

import java.nio.file.Path;

/**
 * The one way into DJL's PyTorch engine for the trainer, the classifier trainer, the ONNX importer and the benchmarks.
 * The first call in a process loads the engine and checks, in well under a second, that its convolutions (forward,
 * d/dx, d/dw) match a float64 loop on this CPU. Before the check it repairs oneDNN's cache sizes where they are absurd
 * ({@link CacheSizes}: the cause on the affected VMs; oneDNN then stays at full speed). Where the check still fails
 * and PyTorch's oneDNN kernels are on, it turns oneDNN off for the process and checks again. What it did is said once
 * on stderr. Where the engine is still wrong it throws {@link EngineCheckException}, and so does every later call.
 *
 * <p>Why: libtorch 2.7.1's oneDNN 3.7.1 computes wrong convolutions (d/dx off by several units, or NaN) on virtual
 * machines that advertise AMD's TOPOEXT but return zeros for CPUID leaf 0x8000001D, such as some AMD Zen 5 cloud VMs;
 * see docs/training.md. {@code -Dganzoo.onednn=off} (or {@code GANZOO_ONEDNN=off}) turns oneDNN off regardless.
 */
public final class Torch {
    private static Verdict verdict;
    private static RuntimeException failure;

    private Torch() {}

    /**
     * Loads the engine and runs the check, once per process.
     *
     * @return what the check found; {@link Verdict#ok()} is always true here
     * @throws EngineCheckException when the engine computes wrong convolutions even with oneDNN off
     * @throws IllegalArgumentException when {@code ganzoo.onednn} / {@code GANZOO_ONEDNN} is neither auto nor off
     */
    public static synchronized Verdict ensureReady() {
        if (failure != null) {
            throw failure;
        }
        if (verdict == null) {
            try {
                EngineCheck.Mode mode =
                        EngineCheck.mode(System.getProperty(EngineCheck.PROPERTY), System.getenv(EngineCheck.ENV));
                boolean repair = EngineCheck.repair(System.getProperty(EngineCheck.REPAIR_PROPERTY));
                Engine engine = load();
                Path dir = Path.of(LibUtils.getLibtorchPath());
                OneDnn oneDnn = OneDnn.of(dir);
                String libraries = "libtorch " + engine.getVersion() + " in " + dir + " (DJL " + Engine.getDjlVersion()
                        + "); oneDNN " + oneDnn.version() + "; ATen kernels " + oneDnn.cpuCapability();
                CacheSizes caches = repair ? CacheSizes.of(dir.resolve("libtorch_cpu.so")) : CacheSizes.NONE;
                verdict = new EngineCheck(new DjlConvolutions(), oneDnn, caches, Cpu.describe(), libraries, System.err)
                        .run(mode);
            } catch (RuntimeException e) {
                failure = e;
                throw e;
            }
        }
        return verdict;
    }

    /**
     * DJL's PyTorch engine, loaded by name (whatever DJL_DEFAULT_ENGINE says), with what went wrong in one message.
     *
     * @throws IllegalArgumentException when DJL_DEFAULT_ENGINE / ai.djl.default_engine names another engine
     * @throws EngineCheckException when libtorch cannot be loaded
     */
    private static Engine load() {
        String other = System.getProperty("ai.djl.default_engine", System.getenv("DJL_DEFAULT_ENGINE"));
        if (other != null && !other.isBlank() && !other.trim().equals("PyTorch")) {
            throw new IllegalArgumentException("DJL_DEFAULT_ENGINE (or -Dai.djl.default_engine) is '"
                    + EngineCheck.printable(other) + "', but the trainer runs on DJL's PyTorch engine only: unset it or"
                    + " set it to PyTorch");
        }
        try {
            return Engine.getEngine("PyTorch"); // loads libtorch before any JNI call
        } catch (RuntimeException | LinkageError e) {
            StringBuilder why = new StringBuilder();
            for (Throwable t = e; t != null; t = t.getCause()) {
                String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
                if (why.indexOf(m) < 0) {
                    why.append(why.length() == 0 ? "" : ": ").append(m);
                }
            }
            EngineCheckException x = new EngineCheckException("cannot load DJL's PyTorch engine (libtorch): " + why
                    + ". The trainer unpacks libtorch into DJL_CACHE_DIR (default ~/.djl.ai) from the pytorch-native-cpu"
                    + " jar, offline; check that folder is writable and the jar is on the classpath (./ganzoo-trainer"
                    + " builds it).");
            x.initCause(e);
            throw x;
        }
    }

    /**
     * A new root manager of the checked engine; close it.
     *
     * @throws EngineCheckException when the engine computes wrong convolutions on this machine
     */
    public static NDManager newManager() {
        ensureReady();
        return NDManager.newBaseManager();
    }

    /**
     * The CPU and native libraries in one line, for failure messages of numerical tests and reports; never throws.
     */
    public static String environment() {
        synchronized (Torch.class) {
            if (verdict != null) {
                return verdict.environment();
            }
        }
        return "CPU " + Cpu.describe() + (failure != null ? "; engine check failed: " + failure.getMessage() : "");
    }
}
