package io.ganzoo.trainer.engine;

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
 * Reads a loaded ELF64 (little-endian, x86-64 Linux) shared library's full symbol table ({@code .symtab}, which also
 * lists the symbols the dynamic table hides) and finds where the library sits in this process, so that a hidden
 * object's address can be computed: load base + symbol value. Used for oneDNN's cache-size object inside libtorch.
 */
final class ElfSymbols {
    private ElfSymbols() {}

    /**
     * The value (virtual address relative to the load base) of a symbol in {@code .symtab}, or -1 when the file is no
     * little-endian ELF64, has no {@code .symtab}, or lacks the symbol.
     */
    static long value(Path elf, String name) throws IOException {
        return values(elf, name)[0];
    }

    /**
     * The values of several symbols, found in one pass over the symbol table (it is large: libtorch_cpu's holds
     * hundreds of thousands of names, and every trainer process reads it at start); -1 for each one missing.
     */
    static long[] values(Path elf, String... names) throws IOException {
        long[] found = new long[names.length];
        Arrays.fill(found, -1);
        byte[][] wanted = new byte[names.length][];
        for (int i = 0; i < names.length; i++) {
            wanted[i] = names[i].getBytes(StandardCharsets.US_ASCII);
        }
        try (RandomAccessFile f = new RandomAccessFile(elf.toFile(), "r");
                FileChannel ch = f.getChannel()) {
            if (ch.size() < 64) {
                return found;
            }
            MappedByteBuffer header = ch.map(FileChannel.MapMode.READ_ONLY, 0, 64);
            header.order(ByteOrder.LITTLE_ENDIAN);
            if (header.getInt(0) != 0x464c457f || header.get(4) != 2 || header.get(5) != 1) { // \x7fELF, 64-bit, LE
                return found;
            }
            long shoff = header.getLong(0x28);
            int shentsize = header.getShort(0x3A) & 0xffff;
            int shnum = header.getShort(0x3C) & 0xffff;
            if (shentsize < 64 || shoff <= 0 || shoff + (long) shentsize * shnum > ch.size()) {
                return found;
            }
            MappedByteBuffer sections = ch.map(FileChannel.MapMode.READ_ONLY, shoff, (long) shentsize * shnum);
            sections.order(ByteOrder.LITTLE_ENDIAN);
            for (int s = 0; s < shnum; s++) {
                int h = s * shentsize;
                if (sections.getInt(h + 4) != 2) { // SHT_SYMTAB
                    continue;
                }
                int link = sections.getInt(h + 40);
                if (link <= 0 || link >= shnum) {
                    return found;
                }
                MappedByteBuffer symtab = map(ch, sections.getLong(h + 24), sections.getLong(h + 32));
                MappedByteBuffer strtab =
                        map(ch, sections.getLong(link * shentsize + 24), sections.getLong(link * shentsize + 32));
                if (symtab == null || strtab == null) {
                    return found;
                }
                int left = names.length;
                for (int off = 0; off + 24 <= symtab.limit() && left > 0; off += 24) {
                    int at = symtab.getInt(off);
                    for (int i = 0; i < wanted.length && at > 0; i++) {
                        if (found[i] < 0 && matches(strtab, at, wanted[i])) {
                            found[i] = symtab.getLong(off + 8);
                            left--;
                        }
                    }
                }
            }
        }
        return found;
    }

    private static MappedByteBuffer map(FileChannel ch, long offset, long size) throws IOException {
        if (offset < 0 || size <= 0 || size > Integer.MAX_VALUE || offset + size > ch.size()) {
            return null;
        }
        MappedByteBuffer b = ch.map(FileChannel.MapMode.READ_ONLY, offset, size);
        b.order(ByteOrder.LITTLE_ENDIAN);
        return b;
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

    /** Where {@code library}'s first page (file offset 0) is mapped in this process ({@code /proc/self/maps}), or -1. */
    static long loadBase(Path library) throws IOException {
        Path maps = Path.of("/proc/self/maps");
        if (!Files.isReadable(maps)) {
            return -1;
        }
        String file = library.toRealPath().toString();
        for (String line : Files.readAllLines(maps)) {
            String[] f = line.trim().split("\\s+", 6); // the path, last, may hold spaces
            if (f.length == 6 && f[5].equals(file) && Long.parseLong(f[2], 16) == 0) {
                return Long.parseUnsignedLong(f[0].substring(0, f[0].indexOf('-')), 16);
            }
        }
        return -1;
    }
}
