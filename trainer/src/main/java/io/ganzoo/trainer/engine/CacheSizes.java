package io.ganzoo.trainer.engine;

import com.sun.jna.Pointer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The cache sizes oneDNN plans its blocking with, and their repair. oneDNN (inside libtorch) reads them once through
 * Xbyak's {@code Cpu} object ({@code dnnl::impl::cpu::x64::cpu()}), which on AMD CPUs with TOPOEXT takes them from
 * CPUID leaf 0x8000001D. Virtual machines that advertise TOPOEXT but return zeros there leave it believing that L1, L2
 * and L3 hold 1 byte each, and its reorders then drop kernel taps. {@link #repairIfBroken()} finds that object through
 * libtorch_cpu's symbol table and, only when its sizes are absurd (under 1 KiB), writes sizes that make sense: this
 * machine's from sysfs where the kernel knows them, else oneDNN's own defaults for an unknown CPU.
 */
interface CacheSizes {
    /** What {@link #repairIfBroken()} found: whether it changed anything, and the sizes or the reason in words. */
    record Status(boolean repaired, String text) {}

    /**
     * Repairs oneDNN's cache sizes when they are absurd; call after oneDNN ran once (which builds the object) and
     * before the convolutions that matter.
     *
     * @return what was found or changed, e.g. "L1 49152, L2 1048576, L3 33554432 bytes: sane"
     */
    Status repairIfBroken();

    /** No repair, for {@code -Dganzoo.onednn.repair=false}. */
    CacheSizes NONE = () -> new Status(false, "not checked (-Dganzoo.onednn.repair=false)");

    /** The oneDNN object inside {@code libtorchCpu} as loaded in this process (Linux x86-64 builds of libtorch). */
    static CacheSizes of(Path libtorchCpu) {
        return () -> Xbyak.repair(libtorchCpu);
    }

    /** Xbyak's {@code Cpu} object as laid out in oneDNN 3.x, found by its shape rather than by fixed offsets. */
    final class Xbyak {
        static final String OBJECT = "_ZZN4dnnl4impl3cpu3x643cpuEvE4cpu_"; // dnnl::impl::cpu::x64::cpu()::cpu_
        static final String GUARD = "_ZGVZN4dnnl4impl3cpu3x643cpuEvE4cpu_"; // its initialisation guard
        static final int LEVELS = 10; // maxNumberCacheLevels
        /** oneDNN's guesses when a CPU reports no caches: per core, bytes. */
        static final int[] ONEDNN_DEFAULTS = {32 * 1024, 512 * 1024, 1024 * 1024};

        private Xbyak() {}

        static Status repair(Path so) {
            if (!"amd64".equals(System.getProperty("os.arch"))
                    || !System.getProperty("os.name").startsWith("Linux")) {
                return unknown("only Linux x86-64 builds of libtorch are inspected");
            }
            try {
                long[] symbols = ElfSymbols.values(so, OBJECT, GUARD);
                long object = symbols[0];
                long guard = symbols[1];
                long base = ElfSymbols.loadBase(so);
                if (object <= 0 || guard <= 0 || base <= 0) {
                    return unknown("oneDNN's CPU description is not in " + so.getFileName() + "'s symbol table");
                }
                if (new Pointer(base + guard).getByte(0) == 0) {
                    return unknown("oneDNN's CPU description was not built yet"); // leave it alone
                }
                Pointer cpu = new Pointer(base + object);
                int[] fields = cpu.getIntArray(0, 64);
                int at = find(fields);
                if (at < 0) {
                    return unknown("oneDNN's CPU description does not have the expected shape");
                }
                int levels = fields[at + 2 * LEVELS];
                boolean absurd = false;
                for (int i = 0; i < levels; i++) {
                    absurd |= fields[at + i] < 1024;
                }
                if (!absurd) {
                    List<String> sane = new ArrayList<>();
                    for (int i = 0; i < levels; i++) {
                        sane.add("L" + (i + 1) + " " + fields[at + i]);
                    }
                    return new Status(false, String.join(", ", sane) + " bytes: sane");
                }
                int[] sizes = sizes(levels);
                List<String> changed = new ArrayList<>();
                for (int i = 0; i < levels; i++) {
                    changed.add("L" + (i + 1) + " " + fields[at + i] + " -> " + sizes[i]);
                    cpu.setInt(4L * (at + i), sizes[i]);
                    if (fields[at + LEVELS + i] < 1) {
                        cpu.setInt(4L * (at + LEVELS + i), 1); // cores sharing it: oneDNN divides by this
                    }
                }
                return new Status(true, String.join(", ", changed) + " bytes");
            } catch (IOException | RuntimeException | LinkageError e) {
                return unknown("cannot read oneDNN's CPU description: " + e);
            }
        }

        private static Status unknown(String why) {
            return new Status(false, "not checked: " + why);
        }

        /**
         * The index of {@code dataCacheSize_[0]}: ten sizes, then ten counts of cores sharing each, then the number of
         * levels (1 to 4), where exactly the first {@code levels} sizes are non-zero and the rest of both arrays zero.
         * -1 unless exactly one index fits.
         */
        static int find(int[] f) {
            int found = -1;
            for (int at = 0; at + 2 * LEVELS < f.length; at++) {
                int levels = f[at + 2 * LEVELS];
                if (levels < 1 || levels > 4) {
                    continue;
                }
                boolean fits = true;
                for (int i = 0; i < LEVELS && fits; i++) {
                    boolean used = i < levels;
                    fits = used
                            ? f[at + i] > 0 && f[at + LEVELS + i] >= 0 && f[at + LEVELS + i] <= 4096
                            : f[at + i] == 0 && f[at + LEVELS + i] == 0;
                }
                if (fits) {
                    if (found >= 0) {
                        return -1;
                    }
                    found = at;
                }
            }
            return found;
        }

        /** Sizes for levels 1..n: cpu0's data/unified caches from sysfs when sane, else oneDNN's defaults. */
        static int[] sizes(int levels) {
            int[] out = new int[levels];
            for (int i = 0; i < levels; i++) {
                long sysfs = sysfs(i + 1);
                out[i] = sysfs >= 4096 && sysfs <= 1L << 30 ? (int) sysfs : ONEDNN_DEFAULTS[Math.min(i, 2)];
            }
            return out;
        }

        private static long sysfs(int level) {
            Path dir = Path.of("/sys/devices/system/cpu/cpu0/cache");
            try (var indexes = Files.list(dir)) {
                for (Path index : indexes.filter(p -> p.getFileName().toString().startsWith("index"))
                        .toList()) {
                    String type = Files.readString(index.resolve("type")).trim();
                    if (Files.readString(index.resolve("level")).trim().equals(String.valueOf(level))
                            && !type.equals("Instruction")) {
                        String size = Files.readString(index.resolve("size")).trim();
                        long unit = size.endsWith("K") ? 1024 : size.endsWith("M") ? 1024 * 1024 : 1;
                        return Long.parseLong(size.replaceAll("[KM]$", "")) * unit;
                    }
                }
            } catch (IOException | RuntimeException e) {
                return -1;
            }
            return -1;
        }
    }
}
