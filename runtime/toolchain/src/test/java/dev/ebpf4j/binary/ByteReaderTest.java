package dev.ebpf4j.binary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ByteReaderTest {
    @Test
    void readsLittleEndianValues() {
        ByteReader reader = ByteReader.of(new byte[] {1, 0, 2, 0, 0, 0, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff});
        assertEquals(1, reader.u16());
        assertEquals(2, reader.s32());
        assertEquals(0xffff_ffffL, reader.u32());
    }

    @Test
    void reportsAbsoluteOffsetOfAShortReadInASlice() {
        ByteReader slice = ByteReader.of(new byte[16]).slice(10, 4, "section");
        slice.u16();
        FormatException e = assertThrows(FormatException.class, slice::s32);
        assertEquals(12, e.offset());
        assertEquals("offset 0xc: a 32-bit value needs 4 bytes but only 2 remain", e.getMessage());
    }

    @Test
    void rejectsHugeLengthsBeforeAllocating() {
        ByteReader reader = ByteReader.of(new byte[8]);
        assertThrows(FormatException.class, () -> reader.bytes(Integer.MAX_VALUE, "payload"));
        assertThrows(FormatException.class, () -> reader.slice(4, Long.MAX_VALUE, "section"));
    }

    @Test
    void readsNulTerminatedStringsAndRejectsUnterminatedOnes() {
        ByteReader strings = ByteReader.of(new byte[] {0, 'x', 'd', 'p', 0, 'a'});
        assertEquals("xdp", strings.cString(1, "name"));
        assertEquals("", strings.cString(0, "name"));
        assertThrows(FormatException.class, () -> strings.cString(5, "name"));
        assertThrows(FormatException.class, () -> strings.cString(6, "name"));
    }
}
