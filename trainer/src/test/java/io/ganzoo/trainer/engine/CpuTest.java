package io.ganzoo.trainer.engine;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class CpuTest {
    @Test
    void describesTheFirstProcessor() {
        List<String> cpuinfo = List.of(
                "processor\t: 0",
                "vendor_id\t: AuthenticAMD",
                "cpu family\t: 26",
                "model\t\t: 2",
                "model name\t: AMD EPYC",
                "flags\t\t: fpu avx512f hypervisor topoext",
                "",
                "processor\t: 1",
                "model name\t: something else");
        assertEquals(
                "AMD EPYC (AuthenticAMD family 26 model 2), 2 cores, under a hypervisor",
                Cpu.describe(cpuinfo, "2 cores"));
        assertEquals(
                "Intel(R) Xeon(R) (GenuineIntel family 6 model 143), 8 cores",
                Cpu.describe(
                        List.of(
                                "vendor_id : GenuineIntel",
                                "cpu family : 6",
                                "model : 143",
                                "model name : Intel(R) Xeon(R)",
                                "flags : fpu avx2"),
                        "8 cores"));
    }
}
