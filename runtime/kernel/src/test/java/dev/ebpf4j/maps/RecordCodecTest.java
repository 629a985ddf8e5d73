package dev.ebpf4j.maps;

import dev.ebpf4j.btf.Btf;
import dev.ebpf4j.btf.BtfDecoder;
import dev.ebpf4j.btf.BtfKind;
import dev.ebpf4j.btf.BtfType;
import dev.ebpf4j.btf.ClangFixture;
import dev.ebpf4j.maps.Structs.Flags;
import dev.ebpf4j.maps.Structs.Mixed;
import dev.ebpf4j.maps.Structs.Outer;
import dev.ebpf4j.maps.Structs.Wide;
import dev.ebpf4j.program.maps.Size;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RecordCodecTest {
    record Named(String name) {}

    record Unsized(byte[] data) {}

    record SizedScalar(@Size(4) int x) {}

    record Boxed(Integer x) {}

    record Objects(@Size(2) String[] names) {}

    @Test
    void layoutPutsPaddingWhereCDoes() {
        RecordCodec<Mixed> mixed = RecordCodec.of(Mixed.class);
        assertEquals(0, mixed.offsetOf("proto"));
        assertEquals(4, mixed.offsetOf("addr"));
        assertEquals(8, mixed.offsetOf("mac"));
        assertEquals(16, mixed.size());

        RecordCodec<Wide> wide = RecordCodec.of(Wide.class);
        assertEquals(8, wide.offsetOf("b"));
        assertEquals(16, wide.offsetOf("c"));
        assertEquals(24, wide.size());
        assertEquals(8, wide.layout().byteAlignment());

        RecordCodec<Outer> outer = RecordCodec.of(Outer.class);
        assertEquals(8, outer.offsetOf("inner"));
        assertEquals(32, outer.offsetOf("tail"));
        assertEquals(40, outer.size());
    }

    @Test
    void layoutMatchesClangBtf() {
        Btf btf = BtfDecoder.decode(ClangFixture.compile("typed_structs").btf());
        Map<String, Class<? extends Record>> twins = Map.of("mixed", Mixed.class, "wide", Wide.class,
                "flags", Flags.class, "outer", Outer.class);
        for (var twin : twins.entrySet()) {
            BtfType.Struct struct = btf.type(btf.findId(BtfKind.STRUCT, twin.getKey()).orElseThrow(), BtfType.Struct.class);
            RecordCodec<?> codec = RecordCodec.of(twin.getValue());
            assertEquals(struct.size(), codec.size(), "sizeof(struct " + twin.getKey() + ")");
            assertEquals(struct.members().size(), twin.getValue().getRecordComponents().length);
            for (BtfType.Member m : struct.members()) {
                assertEquals(m.bitOffset() / 8, codec.offsetOf(m.name()), "offsetof(struct " + twin.getKey() + ", " + m.name() + ")");
            }
        }
    }

    @Test
    void recordsRoundTripWithZeroedPadding() {
        Codec<Outer> codec = Codec.of(Outer.class);
        Outer value = new Outer((byte) 7, new Wide((short) -2, Long.MIN_VALUE + 5, (byte) 0x80), new short[] {1, -1, 300});
        byte[] bytes = codec.encode(value);
        assertEquals(40, bytes.length);
        for (int pad = 1; pad < 8; pad++) {
            assertEquals(0, bytes[pad], "padding byte " + pad);
        }
        Outer back = codec.decode(bytes);
        assertEquals(value.tag(), back.tag());
        assertEquals(value.inner(), back.inner());
        assertArrayEquals(value.tail(), back.tail());

        Flags flags = new Flags(true, 'é', new int[] {1, 2, -3}, 99);
        Flags f = Codec.of(Flags.class).decode(Codec.of(Flags.class).encode(flags));
        assertTrue(f.on());
        assertEquals('é', f.ch());
        assertArrayEquals(new int[] {1, 2, -3}, f.words());
        assertEquals(99, f.total());
    }

    @Test
    void writingOverOldBytesZeroesThePaddingAndStoresEveryComponentInPlace() {
        Codec<Outer> codec = Codec.of(Outer.class);
        Outer value = new Outer((byte) 7, new Wide((short) -2, 0x0102030405060708L, (byte) 0x80), new short[] {1, -1, 300});
        try (java.lang.foreign.Arena arena = java.lang.foreign.Arena.ofConfined()) {
            java.lang.foreign.MemorySegment buffer = arena.allocate(48, 8).fill((byte) 0xff);
            codec.write(value, buffer, 8);   // a key slot inside a larger buffer, whose old bytes are not zero
            byte[] bytes = buffer.toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
            byte[] expected = new byte[48];
            java.util.Arrays.fill(expected, 0, 8, (byte) 0xff);          // before the slot: untouched
            expected[8] = 7;                                              // tag, then 7 bytes of padding
            expected[16] = (byte) 0xfe;                                   // inner.a = -2 (u16), then padding
            expected[17] = (byte) 0xff;
            for (int i = 0; i < 8; i++) expected[24 + i] = (byte) (8 - i);   // inner.b, little-endian
            expected[32] = (byte) 0x80;                                   // inner.c, then padding
            expected[40] = 1;                                             // tail = {1, -1, 300}
            expected[42] = (byte) 0xff;
            expected[43] = (byte) 0xff;
            expected[44] = 0x2c;
            expected[45] = 0x01;
            assertArrayEquals(expected, bytes);
            assertEquals(value.inner(), codec.read(buffer, 8).inner());
        }
    }

    @Test
    void primitivesAreLittleEndianOnThisMachine() {
        assertArrayEquals(new byte[] {1, 2, 3, 4}, Codec.u32().encode(0x04030201));
        assertArrayEquals(new byte[] {1, 0, 0, 0, 0, 0, 0, (byte) 0x80}, Codec.u64().encode(0x8000000000000001L));
        assertArrayEquals(new byte[] {(byte) 0xff, 0x7f}, Codec.u16().encode((short) 0x7fff));
        assertEquals((byte) 0xfe, Codec.u8().decode(new byte[] {(byte) 0xfe}));
        assertEquals(-1, Codec.u32().decode(new byte[] {-1, -1, -1, -1}));
        assertEquals(8, Codec.u64().size());
    }

    @Test
    void fixedBytesKeepTheirLength() {
        Codec<byte[]> six = Codec.bytes(6);
        assertArrayEquals(new byte[] {1, 2, 3, 4, 5, 6}, six.decode(six.encode(new byte[] {1, 2, 3, 4, 5, 6})));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> six.encode(new byte[5]));
        assertEquals("Codec.bytes(6): array is 5 bytes, expected 6", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Codec.bytes(0));
    }

    @Test
    void wrongArrayLengthNamesTheComponent() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Codec.of(Mixed.class).encode(new Mixed((byte) 1, 2, new byte[5])));
        assertTrue(e.getMessage().contains("component 'mac': array has 5 elements, @Size says 6"), e.getMessage());
    }

    @Test
    void unsupportedComponentsAreRefusedByName() {
        for (var bad : Map.of(Named.class, "component 'name' of type String",
                Unsized.class, "component 'data' of type byte[]: no C layout (an array needs @Size",
                SizedScalar.class, "component 'x' of type int: no C layout (@Size applies only to arrays",
                Boxed.class, "component 'x' of type Integer",
                Objects.class, "component 'names' of type String[]").entrySet()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RecordCodec.of(bad.getKey()));
            assertTrue(e.getMessage().startsWith("record " + bad.getKey().getName() + ", "), e.getMessage());
            assertTrue(e.getMessage().contains(bad.getValue()), e.getMessage());
        }
        @SuppressWarnings({"unchecked", "rawtypes"})
        IllegalArgumentException notRecord = assertThrows(IllegalArgumentException.class, () -> RecordCodec.of((Class) String.class));
        assertEquals("java.lang.String is not a record", notRecord.getMessage());
    }
}
