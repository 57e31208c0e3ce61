package io.ganzoo.trainer.engine;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.pytorch.jni.LibUtils;
import com.sun.jna.Pointer;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Fault injection, run in its own JVM by {@link OneDnnFallbackTest}: makes libtorch's oneDNN believe, as it does on
 * VMs that zero AMD's CPUID leaf 0x8000001D, that the L1, L2 and L3 caches hold 1 byte each (it overwrites the sizes in
 * oneDNN's {@code cpu()} object, found through libtorch_cpu's ELF symbol table), then runs {@link Torch#ensureReady()}
 * and prints its report. Exit 42: the object or its sizes were not found here, nothing was changed.
 */
public final class WrongCacheSizes {
    static final String CPU_OBJECT = "_ZZN4dnnl4impl3cpu3x643cpuEvE4cpu_";   // dnnl::impl::cpu::x64::cpu()::cpu_

    private WrongCacheSizes() {
    }

    public static void main(String[] args) throws IOException {
        Engine.getInstance();
        try (NDManager m = NDManager.newBaseManager()) {      // a oneDNN convolution builds oneDNN's cpu() object
            Conv2d.conv2d(m.ones(new Shape(2, 16, 8, 8)), m.ones(new Shape(16, 16, 3, 3))).singletonOrThrow().toFloatArray();
        }
        Path so = Path.of(LibUtils.getLibtorchPath(), "libtorch_cpu.so");
        long value = symbol(so, CPU_OBJECT);
        long base = loadBase(so);
        long l1 = cacheBytes(1, "Data");
        long l2 = cacheBytes(2, "Unified");
        if (value < 0 || base < 0 || l1 <= 0 || l2 <= 0) {
            System.out.println("cannot inject: symbol " + value + ", base " + base + ", L1d " + l1 + ", L2 " + l2);
            System.exit(42);
        }
        Pointer cpu = new Pointer(base + value);
        int[] fields = cpu.getIntArray(0, 64);
        int at = -1;
        for (int i = 0; i + 2 < fields.length; i++) {
            if (fields[i] == l1 && fields[i + 1] == l2) {
                at = i;
                break;
            }
        }
        if (at < 0) {
            System.out.println("cannot inject: no L1d " + l1 + ", L2 " + l2 + " in " + Arrays.toString(fields));
            System.exit(42);
        }
        for (int i = at; i < at + 3; i++) {
            cpu.setInt(4L * i, 1);
        }
        System.out.println("injected: oneDNN's L1, L2 and L3 sizes set to 1 byte (were " + fields[at] + ", "
                + fields[at + 1] + ", " + fields[at + 2] + ")");
        System.out.print(Torch.ensureReady().report());
        System.out.flush();
    }

    /** The value of a symbol in an ELF64 little-endian file's .symtab, or -1. */
    static long symbol(Path elf, String name) throws IOException {
        byte[] want = name.getBytes(StandardCharsets.US_ASCII);
        try (RandomAccessFile f = new RandomAccessFile(elf.toFile(), "r"); FileChannel ch = f.getChannel()) {
            MappedByteBuffer header = ch.map(FileChannel.MapMode.READ_ONLY, 0, 64);
            header.order(ByteOrder.LITTLE_ENDIAN);
            long shoff = header.getLong(0x28);
            int shentsize = header.getShort(0x3A) & 0xffff;
            int shnum = header.getShort(0x3C) & 0xffff;
            MappedByteBuffer sections = ch.map(FileChannel.MapMode.READ_ONLY, shoff, (long) shentsize * shnum);
            sections.order(ByteOrder.LITTLE_ENDIAN);
            for (int s = 0; s < shnum; s++) {
                int h = s * shentsize;
                if (sections.getInt(h + 4) != 2) {                                    // SHT_SYMTAB
                    continue;
                }
                MappedByteBuffer symtab = ch.map(FileChannel.MapMode.READ_ONLY, sections.getLong(h + 24),
                        sections.getLong(h + 32));
                symtab.order(ByteOrder.LITTLE_ENDIAN);
                int strHeader = sections.getInt(h + 40) * shentsize;
                MappedByteBuffer strtab = ch.map(FileChannel.MapMode.READ_ONLY, sections.getLong(strHeader + 24),
                        sections.getLong(strHeader + 32));
                for (int off = 0; off + 24 <= symtab.limit(); off += 24) {
                    int n = symtab.getInt(off);
                    if (n > 0 && matches(strtab, n, want)) {
                        return symtab.getLong(off + 8);
                    }
                }
            }
        }
        return -1;
    }

    private static boolean matches(MappedByteBuffer strtab, int at, byte[] want) {
        if (at + want.length >= strtab.limit()) {
            return false;
        }
        for (int i = 0; i < want.length; i++) {
            if (strtab.get(at + i) != want[i]) {
                return false;
            }
        }
        return strtab.get(at + want.length) == 0;
    }

    /** Where the library's first page (file offset 0) is mapped in this process, or -1. */
    static long loadBase(Path so) throws IOException {
        String file = so.toRealPath().toString();
        for (String line : Files.readAllLines(Path.of("/proc/self/maps"))) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 6 && f[5].equals(file) && Long.parseLong(f[2], 16) == 0) {
                return Long.parseUnsignedLong(f[0].substring(0, f[0].indexOf('-')), 16);
            }
        }
        return -1;
    }

    /** The size in bytes of cpu0's cache of this level and type, from sysfs, or -1. */
    static long cacheBytes(int level, String type) throws IOException {
        Path dir = Path.of("/sys/devices/system/cpu/cpu0/cache");
        if (!Files.isDirectory(dir)) {
            return -1;
        }
        try (var indexes = Files.list(dir)) {
            for (Path index : indexes.filter(p -> p.getFileName().toString().startsWith("index")).toList()) {
                if (Files.readString(index.resolve("level")).trim().equals(String.valueOf(level))
                        && Files.readString(index.resolve("type")).trim().equals(type)) {
                    String size = Files.readString(index.resolve("size")).trim();
                    long unit = size.endsWith("K") ? 1024 : size.endsWith("M") ? 1024 * 1024 : 1;
                    return Long.parseLong(size.replaceAll("[KM]$", "")) * unit;
                }
            }
        }
        return -1;
    }
}
