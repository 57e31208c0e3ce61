package io.ganzoo.trainer.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** What this process runs on, in words for reports: the CPU's model name, vendor, family and model, and cores. */
final class Cpu {
    private Cpu() {}

    /** E.g. {@code "AMD EPYC (AuthenticAMD family 26 model 2), 2 cores, under a hypervisor"}. */
    static String describe() {
        String cores = Runtime.getRuntime().availableProcessors() + " cores";
        try {
            return describe(Files.readAllLines(Path.of("/proc/cpuinfo")), cores);
        } catch (IOException | RuntimeException e) {
            return System.getProperty("os.arch") + " (" + System.getProperty("os.name") + "), " + cores;
        }
    }

    /** The description from the first processor block of {@code /proc/cpuinfo}. */
    static String describe(List<String> cpuinfo, String cores) {
        String name = null;
        String vendor = null;
        String family = null;
        String model = null;
        boolean hypervisor = false;
        for (String line : cpuinfo) {
            if (line.isBlank()) {
                break;
            }
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String key = line.substring(0, colon).trim();
            String value = line.substring(colon + 1).trim();
            switch (key) {
                case "model name" -> name = value;
                case "vendor_id" -> vendor = value;
                case "cpu family" -> family = value;
                case "model" -> model = value;
                case "flags" -> hypervisor = (" " + value + " ").contains(" hypervisor ");
                default -> {}
            }
        }
        StringBuilder s = new StringBuilder(name == null ? System.getProperty("os.arch") : name);
        if (vendor != null) {
            s.append(" (").append(vendor);
            if (family != null) {
                s.append(" family ").append(family);
            }
            if (model != null) {
                s.append(" model ").append(model);
            }
            s.append(')');
        }
        s.append(", ").append(cores);
        if (hypervisor) {
            s.append(", under a hypervisor");
        }
        return s.toString();
    }
}
