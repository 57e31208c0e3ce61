package io.ganzoo.trainer.engine;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.pytorch.jni.LibUtils;
import com.sun.jna.Pointer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Fault injection, run in its own JVM by {@link OneDnnFallbackTest}: gives libtorch's oneDNN the cache sizes it reads
 * on VMs that zero AMD's CPUID leaf 0x8000001D (L1 = L2 = L3 = 1 byte, written into oneDNN's {@code cpu()} object),
 * then runs {@link Torch#ensureReady()} and prints its report. Exit 42: the object was not found here, nothing changed.
 */
public final class WrongCacheSizes {
    private WrongCacheSizes() {}

    public static void main(String[] args) throws IOException {
        Engine.getInstance();
        try (NDManager m = NDManager.newBaseManager()) { // a oneDNN convolution builds oneDNN's cpu() object
            Conv2d.conv2d(m.ones(new Shape(2, 16, 8, 8)), m.ones(new Shape(16, 16, 3, 3)))
                    .singletonOrThrow()
                    .toFloatArray();
        }
        Path so = Path.of(LibUtils.getLibtorchPath(), "libtorch_cpu.so");
        long value = ElfSymbols.value(so, CacheSizes.Xbyak.OBJECT);
        long base = ElfSymbols.loadBase(so);
        if (value <= 0 || base <= 0) {
            System.out.println("cannot inject: symbol " + value + ", base " + base);
            System.exit(42);
        }
        Pointer cpu = new Pointer(base + value);
        int[] fields = cpu.getIntArray(0, 64);
        int at = CacheSizes.Xbyak.find(fields);
        if (at < 0) {
            System.out.println("cannot inject: no cache sizes of the expected shape in " + Arrays.toString(fields));
            System.exit(42);
        }
        int levels = fields[at + 2 * CacheSizes.Xbyak.LEVELS];
        for (int i = at; i < at + levels; i++) {
            cpu.setInt(4L * i, 1);
        }
        System.out.println("injected: oneDNN's " + levels + " cache sizes set to 1 byte (were " + fields[at] + ", "
                + fields[at + 1] + ", ...)");
        System.out.print(Torch.ensureReady().report());
        System.out.flush();
    }
}
