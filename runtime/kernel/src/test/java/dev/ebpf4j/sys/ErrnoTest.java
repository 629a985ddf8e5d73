package dev.ebpf4j.sys;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ErrnoTest {
    @Test
    void knownNumbersHaveTheirSymbolicNames() {
        assertEquals("EPERM", Errno.EPERM.name());
        assertEquals("E2BIG", new Errno(7).name());
        assertEquals("ENOSPC", new Errno(28).name());
        assertEquals("errno 4095", new Errno(4095).name());
    }

    @Test
    void epermNamesTheMissingPrivilegeForTheCommand() {
        assertTrue(Errno.EPERM.explain(BpfCommand.MAP_CREATE).contains("CAP_BPF"));
        assertTrue(Errno.EPERM.explain(BpfCommand.PROG_LOAD).contains("CAP_NET_ADMIN"));
        assertTrue(Errno.EPERM.explain(BpfCommand.PROG_LOAD).contains("CAP_PERFMON"));
        assertTrue(Errno.EPERM.explain(BpfCommand.MAP_UPDATE_ELEM).contains("frozen"));
    }

    @Test
    void explanationsDependOnTheCommand() {
        assertTrue(Errno.E2BIG.explain(BpfCommand.MAP_UPDATE_ELEM).contains("full"));
        assertTrue(Errno.EEXIST.explain(BpfCommand.OBJ_PIN).contains("pinned"));
        assertTrue(Errno.EINVAL.explain(BpfCommand.OBJ_PIN).contains("bpffs"));
        assertTrue(Errno.ENOSPC.explain(BpfCommand.PROG_LOAD).contains("log"));
        assertFalse(new Errno(4095).explain(BpfCommand.MAP_CREATE).isBlank());
    }

    @Test
    void exceptionMessageIsOneLineNamingCommandAndErrno() {
        BpfException e = new BpfException(BpfCommand.MAP_CREATE, Errno.EINVAL);
        assertTrue(e.getMessage().startsWith("BPF_MAP_CREATE failed: EINVAL: "), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void errnoMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> new Errno(0));
    }

    @Test
    void syscallNumbersPerArchitecture() {
        assertEquals(321, Syscall.bpfSyscallNumber("amd64"));
        assertEquals(280, Syscall.bpfSyscallNumber("aarch64"));
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                () -> Syscall.bpfSyscallNumber("riscv64"));
        assertTrue(e.getMessage().contains("riscv64"));
    }
}
