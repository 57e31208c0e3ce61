package io.ganzoo.trainer.engine;

import com.sun.jna.Function;
import com.sun.jna.Memory;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * PyTorch's switch for its oneDNN (MKL-DNN) kernels, {@code at::globalContext().setUserEnabledMkldnn(bool)} (the C++
 * side of Python's {@code torch.backends.mkldnn.enabled}), which DJL does not expose. Called through JNA on the
 * {@code libtorch_cpu} that DJL loaded; where its symbols are missing (another platform or libtorch build) the switch
 * is {@linkplain #available() unavailable} and says why.
 */
interface OneDnn {
    /** Whether the switch can be used; when false, {@link #why()} says why. */
    boolean available();

    /** Why the switch is unavailable, or {@code null}. */
    String why();

    /** Whether PyTorch may choose oneDNN kernels now. */
    boolean enabled();

    /** Lets PyTorch choose oneDNN kernels, or not, for every later operation of this process. */
    void setEnabled(boolean on);

    /** The oneDNN version libtorch was built with, e.g. {@code "3.7.1"}, or {@code "unknown"}. */
    String version();

    /** ATen's CPU kernel level, e.g. {@code "AVX512"}, or {@code "unknown"}. */
    String cpuCapability();

    /** The switch of the libtorch_cpu library in {@code libtorchDir} (DJL's {@code LibUtils.getLibtorchPath()}). */
    static OneDnn of(Path libtorchDir) {
        return Native.open(libtorchDir);
    }

    /** The JNA implementation (Linux and macOS builds of libtorch, Itanium C++ ABI). */
    final class Native implements OneDnn {
        private static final String GLOBAL_CONTEXT = "_ZN2at13globalContextEv";
        private static final String SET_ENABLED = "_ZN2at7Context20setUserEnabledMkldnnEb";
        private static final String ENABLED = "_ZNK2at7Context17userEnabledMkldnnEv";
        // std::string at::get_mkldnn_version() / at::get_cpu_capability(), libstdc++'s C++11 ABI (the B5cxx11 tag)
        private static final String MKLDNN_VERSION = "_ZN2at18get_mkldnn_versionB5cxx11Ev";
        private static final String CPU_CAPABILITY = "_ZN2at18get_cpu_capabilityB5cxx11Ev";

        private final NativeLibrary library;
        private final Pointer context;
        private final String why;

        private Native(NativeLibrary library, Pointer context, String why) {
            this.library = library;
            this.context = context;
            this.why = why;
        }

        static Native open(Path dir) {
            Path file = null;
            for (String name : new String[] {"libtorch_cpu.so", "libtorch_cpu.dylib", "torch_cpu.dll"}) {
                if (dir != null && Files.isRegularFile(dir.resolve(name))) {
                    file = dir.resolve(name);
                }
            }
            if (file == null) {
                return new Native(null, null, "no libtorch_cpu library in " + dir);
            }
            try {
                NativeLibrary lib = NativeLibrary.getInstance(file.toString()); // the copy DJL loaded: same path
                lib.getFunction(SET_ENABLED);
                lib.getFunction(ENABLED);
                Pointer ctx = lib.getFunction(GLOBAL_CONTEXT).invokePointer(new Object[0]);
                return new Native(lib, ctx, ctx == null ? "at::globalContext() returned null" : null);
            } catch (UnsatisfiedLinkError e) {
                return new Native(null, null, file + " lacks PyTorch's oneDNN switch (" + e.getMessage() + ")");
            } catch (LinkageError e) { // JNA itself cannot load (e.g. a noexec jna.tmpdir)
                return new Native(null, null, "JNA cannot load here (" + e + ")");
            }
        }

        @Override
        public boolean available() {
            return why == null;
        }

        @Override
        public String why() {
            return why;
        }

        @Override
        public boolean enabled() {
            requireAvailable();
            return (library.getFunction(ENABLED).invokeInt(new Object[] {context}) & 0xff) != 0; // a C++ bool in al
        }

        @Override
        public void setEnabled(boolean on) {
            requireAvailable();
            library.getFunction(SET_ENABLED).invokeVoid(new Object[] {context, on ? 1 : 0});
            if (enabled() != on) {
                throw new IllegalStateException(
                        "PyTorch's oneDNN switch did not take: asked for " + on + ", it reads " + !on);
            }
        }

        @Override
        public String version() {
            return string(MKLDNN_VERSION);
        }

        @Override
        public String cpuCapability() {
            return string(CPU_CAPABILITY);
        }

        private void requireAvailable() {
            if (why != null) {
                throw new IllegalStateException(why);
            }
        }

        /** Calls a {@code std::string f()}: the caller passes 32 bytes for the result (sret), which is then read. */
        private String string(String symbol) {
            if (library == null) {
                return "unknown";
            }
            Function f;
            try {
                f = library.getFunction(symbol);
            } catch (LinkageError e) {
                return "unknown";
            }
            Memory result = new Memory(32); // {char* data; size_t size; char local[16] or capacity}
            f.invokeVoid(new Object[] {result});
            Pointer data = result.getPointer(0);
            long size = result.getLong(8);
            if (data == null || size < 0 || size > 4096) {
                return "unknown";
            }
            // a string longer than 15 bytes lives on the C++ heap; a few bytes, once per process: left there
            return new String(data.getByteArray(0, (int) size), StandardCharsets.UTF_8).trim();
        }
    }
}
