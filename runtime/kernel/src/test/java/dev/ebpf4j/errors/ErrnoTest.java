package dev.ebpf4j.errors;


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
        assertTrue(Errno.EPERM.explain(BpfCommand.BTF_GET_FD_BY_ID).contains("by its id needs CAP_SYS_ADMIN"));
    }

    @Test
    void epermFromAPinBlamesTheFileSystemNotThePrivileges() {
        String explained = Errno.EPERM.explain(BpfCommand.OBJ_PIN);
        assertTrue(explained.contains("not on a bpf file system") && explained.contains("mount -t bpf bpf"), explained);
        assertFalse(explained.contains("run as root"), explained);
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
}
