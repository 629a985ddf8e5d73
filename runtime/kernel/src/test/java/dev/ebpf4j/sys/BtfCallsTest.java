package dev.ebpf4j.sys;

import dev.ebpf4j.errors.BpfException;
import dev.ebpf4j.errors.VerifierException;
import dev.ebpf4j.errors.Errno;
import dev.ebpf4j.errors.BpfCommand;
import dev.ebpf4j.testing.RequiresBpf;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@RequiresBpf
class BtfCallsTest {
    /**
     * A minimal BTF blob: the 24-byte header, one type ({@code [1] INT 'int' size=4 bits=32 signed})
     * and the string section {@code "\0int\0"}.
     */
    static byte[] intBtf(int bits) {
        byte[] strings = {0, 'i', 'n', 't', 0};
        ByteBuffer b = ByteBuffer.allocate(24 + 16 + strings.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putShort((short) 0xeB9F).put((byte) 1).put((byte) 0).putInt(24); // magic, version, flags, hdr_len
        b.putInt(0).putInt(16).putInt(16).putInt(strings.length);       // type_off/len, str_off/len
        b.putInt(1).putInt(1 << 24).putInt(4);                           // name "int", kind INT, size 4
        b.putInt((1 << 24) | bits);                                      // encoding SIGNED, offset 0, bits
        b.put(strings);
        return b.array();
    }

    @Test
    void loadsAMinimalBlobAndAMapUsesItsTypes() {
        try (OwnedFd btf = BtfCalls.load(intBtf(32), "minimal");
             OwnedFd map = MapCalls.create(new MapCalls.CreateRequest(1, 4, 4, 8, 0, "typed", btf.get(), 1, 1, 0, 0))) {
            ObjectCalls.RawMapInfo info = ObjectCalls.mapInfo(map.get());
            assertTrue(info.btfId() > 0);
            assertEquals(1, info.btfKeyTypeId());
            assertEquals(1, info.btfValueTypeId());
        }
    }

    @Test
    void aMapsBtfComesBackByIdAsTheBlobThatWasLoaded() {
        byte[] blob = intBtf(32);
        try (OwnedFd btf = BtfCalls.load(blob, "minimal");
             OwnedFd map = MapCalls.create(new MapCalls.CreateRequest(1, 4, 4, 8, 0, "typed", btf.get(), 1, 1, 0, 0))) {
            int id = ObjectCalls.mapInfo(map.get()).btfId();
            try (OwnedFd again = BtfCalls.fdById(id)) {
                assertEquals(ObjectCalls.ObjectKind.BTF, ObjectCalls.kind(again.get()));
                BtfCalls.RawBtfInfo info = BtfCalls.info(again.get());
                assertEquals(id, info.id());
                assertArrayEquals(blob, info.blob());
                assertEquals(false, info.kernelBtf());
                assertEquals("", info.name());
            }
            assertEquals(ObjectCalls.ObjectKind.MAP, ObjectCalls.kind(map.get()));
        }
    }

    @Test
    void anUnknownBtfIdIsAnError() {
        BpfException e = assertThrows(BpfException.class, () -> BtfCalls.fdById(Integer.MAX_VALUE));
        assertEquals(Errno.ENOENT, e.errno());
    }

    @Test
    void aMalformedBlobIsRefusedWithTheCheckersLog() {
        VerifierException e = assertThrows(VerifierException.class, () -> BtfCalls.load(intBtf(64), "wide"));
        assertEquals(BpfCommand.BTF_LOAD, e.command());
        assertTrue(e.log().contains("INT"), e.log());
        assertTrue(e.getMessage().startsWith("BTF 'wide' rejected by the kernel verifier (EINVAL): "), e.getMessage());
    }
}
