package dev.ebpf4j.skeleton;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.ebpf4j.loader.LoadException;
import org.junit.jupiter.api.Test;

class ProgramResourceTest {
    @Test
    void theObjectIsNamedAfterTheClass() {
        assertEquals("ProgramResourceTest.bpf.o", ProgramResource.resourceName(ProgramResourceTest.class));
    }

    @Test
    void aMissingObjectSaysWhereItWasLookedForAndWhy() {
        var e = assertThrows(LoadException.class, () -> ProgramResource.read(ProgramResourceTest.class));
        assertEquals("ProgramResourceTest.bpf.o is not on the class path next to dev.ebpf4j.skeleton.ProgramResourceTest:"
                + " compile ProgramResourceTest with the ebpf4j processor on the processor path", e.getMessage());
    }
}
