package dev.ebpf4j.btf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Values formatted through BTF as bpftool's btf_dumper prints them in plain-text map dumps. */
class BtfValueFormatterTest {
    private static ByteBuffer le(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }

    @Test
    void integersFollowTheirEncodingAndWidth() {
        Btf.Builder b = Btf.builder();
        int u8 = b.add(new BtfType.Int("unsigned char", 1, BtfType.IntEncoding.NONE, 0, 8));
        int s16 = b.add(new BtfType.Int("short", 2, BtfType.IntEncoding.SIGNED, 0, 16));
        int u32 = b.add(new BtfType.Int("unsigned int", 4, BtfType.IntEncoding.NONE, 0, 32));
        int s64 = b.add(new BtfType.Int("long", 8, BtfType.IntEncoding.SIGNED, 0, 64));
        int u64 = b.add(new BtfType.Int("unsigned long", 8, BtfType.IntEncoding.NONE, 0, 64));
        int chr = b.add(new BtfType.Int("char", 1, BtfType.IntEncoding.CHAR, 0, 8));
        int bool = b.add(new BtfType.Int("_Bool", 1, BtfType.IntEncoding.BOOL, 0, 8));
        int u128 = b.add(new BtfType.Int("__int128 unsigned", 16, BtfType.IntEncoding.NONE, 0, 128));
        int odd = b.add(new BtfType.Int("u12", 2, BtfType.IntEncoding.NONE, 0, 12));
        int typedef = b.add(new BtfType.Typedef("u32_t", b.add(new BtfType.Const(u32))));
        BtfValueFormatter f = new BtfValueFormatter(b.build());
        byte[] ones = {-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1};
        assertEquals("255", f.format(u8, ones));
        assertEquals("-1", f.format(s16, ones));
        assertEquals("4294967295", f.format(u32, ones));
        assertEquals("-1", f.format(s64, ones));
        assertEquals("18446744073709551615", f.format(u64, ones));
        assertEquals("\"A\"", f.format(chr, new byte[] {'A'}));
        assertEquals("0x7", f.format(chr, new byte[] {7}));
        assertEquals("true", f.format(bool, new byte[] {1}));
        assertEquals("false", f.format(bool, new byte[] {0}));
        assertEquals("0xffffffffffffffffffffffffffffffff", f.format(u128, ones));
        assertEquals("0x1", f.format(u128, new byte[] {1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}));
        assertEquals("0xfff", f.format(odd, ones));
        assertEquals("42", f.format(typedef, le(4).putInt(0, 42).array()));
    }

    /** The layout and spelling bpftool 7.1 printed for this struct (checked by hand against it). */
    @Test
    void aStructPrintsItsMembersOnePerLine() {
        Btf.Builder b = Btf.builder();
        int u32 = b.add(new BtfType.Int("unsigned int", 4, BtfType.IntEncoding.NONE, 0, 32));
        int chr = b.add(new BtfType.Int("char", 1, BtfType.IntEncoding.SIGNED, 0, 8));
        int index = b.add(new BtfType.Int("__ARRAY_SIZE_TYPE__", 4, BtfType.IntEncoding.NONE, 0, 32));
        int name = b.add(new BtfType.Array(chr, index, 8));
        int color = b.add(new BtfType.Enum("color", 4, false, List.of(new BtfType.Enumerator("RED", 0),
                new BtfType.Enumerator("GREEN", 5))));
        int sc = b.add(new BtfType.Int("signed char", 1, BtfType.IntEncoding.SIGNED, 0, 8));
        int ptr = b.add(new BtfType.Ptr(0));
        int u64 = b.add(new BtfType.Int("unsigned long long", 8, BtfType.IntEncoding.NONE, 0, 64));
        int pair = b.add(new BtfType.Array(u64, index, 2));
        int integer = b.add(new BtfType.Int("int", 4, BtfType.IntEncoding.SIGNED, 0, 32));
        int shrt = b.add(new BtfType.Int("short", 2, BtfType.IntEncoding.SIGNED, 0, 16));
        int union = b.add(BtfType.Union.of("", 4, new BtfType.Member("x", integer, 0), new BtfType.Member("y", shrt, 0)));
        int flow = b.add(new BtfType.Struct("flow", 56, List.of(
                new BtfType.Member("a", u32, 0), new BtfType.Member("name", name, 32),
                new BtfType.Member("c", color, 96), new BtfType.Member("bits", u32, 128, 3),
                new BtfType.Member("more", u32, 131, 5), new BtfType.Member("sc", sc, 136, 0),
                new BtfType.Member("p", ptr, 192, 0), new BtfType.Member("arr", pair, 256, 0),
                new BtfType.Member("u", union, 384, 0)), true));
        ByteBuffer v = le(56).putInt(0, 42).put(4, new byte[] {'h', 'i'}).putInt(12, 5).put(16, (byte) 0xfd)
                .put(17, (byte) -128).putLong(24, 0x10).putLong(32, 1).putLong(40, -1).putInt(48, 7);
        assertEquals("""
                {
                    "a": 42,
                    "name": "hi",
                    "c": "GREEN",
                    "bits": 0x5,
                    "more": 0x1f,
                    "sc": -128,
                    "p": 0x10,
                    "arr": [1,18446744073709551615
                    ],
                    "u": {
                        "x": 7,
                        "y": 7
                    }
                }""", new BtfValueFormatter(b.build()).format(flow, v.array()));
    }

    @Test
    void charArraysAreStringsOnlyWhenPrintableUpToANul() {
        Btf.Builder b = Btf.builder();
        int chr = b.add(new BtfType.Int("char", 1, BtfType.IntEncoding.SIGNED, 0, 8));
        int index = b.add(new BtfType.Int("__ARRAY_SIZE_TYPE__", 4, BtfType.IntEncoding.NONE, 0, 32));
        int four = b.add(new BtfType.Array(chr, index, 4));
        int viaTypedef = b.add(new BtfType.Array(b.add(new BtfType.Typedef("char_t", chr)), index, 4));
        BtfValueFormatter f = new BtfValueFormatter(b.build());
        assertEquals("\"a\\\"\\\\\"", f.format(four, new byte[] {'a', '"', '\\', 0}));
        assertEquals("[97,98,99,100\n]", f.format(four, new byte[] {'a', 'b', 'c', 'd'}));
        assertEquals("[97,10,0,0\n]", f.format(four, new byte[] {'a', '\n', 0, 0}));
        assertEquals("[104,105,0,0\n]", f.format(viaTypedef, new byte[] {'h', 'i', 0, 0}));
    }

    @Test
    void enumsPrintTheirNameOrTheSignedNumber() {
        Btf.Builder b = Btf.builder();
        int e = b.add(new BtfType.Enum("e", 4, false, List.of(new BtfType.Enumerator("MINUS", -1))));
        int e64 = b.add(new BtfType.Enum64("big", 8, false, List.of(new BtfType.Enumerator64("HUGE", 1L << 40))));
        BtfValueFormatter f = new BtfValueFormatter(b.build());
        assertEquals("\"MINUS\"", f.format(e, le(4).putInt(0, -1).array()));
        assertEquals("3", f.format(e, le(4).putInt(0, 3).array()));
        assertEquals("\"HUGE\"", f.format(e64, le(8).putLong(0, 1L << 40).array()));
        assertEquals("-2", f.format(e64, le(8).putLong(0, -2).array()));
    }

    @Test
    void aDataSectionListsItsVariablesByName() {
        Btf.Builder b = Btf.builder();
        int u32 = b.add(new BtfType.Int("unsigned int", 4, BtfType.IntEncoding.NONE, 0, 32));
        int hits = b.add(new BtfType.Var("hits", u32, BtfType.VarLinkage.GLOBAL));
        int misses = b.add(new BtfType.Var("misses", u32, BtfType.VarLinkage.GLOBAL));
        int bss = b.add(new BtfType.Datasec(".bss", 8, List.of(new BtfType.VarSecinfo(hits, 0, 4),
                new BtfType.VarSecinfo(misses, 4, 4))));
        assertEquals("""
                {
                    ".bss": [{
                            "hits": 3
                        },{
                            "misses": 4
                        }
                    ]
                }""", new BtfValueFormatter(b.build()).format(bss, le(8).putInt(0, 3).putInt(4, 4).array()));
    }

    @Test
    void tooFewBytesForTheTypeAreRefusedNamingIt() {
        Btf.Builder b = Btf.builder();
        int u64 = b.add(new BtfType.Int("unsigned long long", 8, BtfType.IntEncoding.NONE, 0, 64));
        BtfException e = assertThrows(BtfException.class, () -> new BtfValueFormatter(b.build()).format(u64, new byte[4]));
        assertTrue(e.getMessage().contains("INT 'unsigned long long' needs 8 bytes, but 4 are there"), e.getMessage());
    }
}
