package dev.ebpf4j.sys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SyscallTest {
    @Test
    void syscallNumbersPerArchitecture() {
        assertEquals(321, Syscall.bpfSyscallNumber("amd64"));
        assertEquals(280, Syscall.bpfSyscallNumber("aarch64"));
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                () -> Syscall.bpfSyscallNumber("riscv64"));
        assertTrue(e.getMessage().contains("riscv64"));
    }
}
