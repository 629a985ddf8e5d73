package dev.ebpf4j.btf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ebpf4j.binary.FormatException;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

class BtfTest {
    /** One type of every kind, with the corners of each encoding. */
    static Btf everyKind() {
        Btf.Builder b = Btf.builder();
        int i = b.add(new BtfType.Int("int", 4, BtfType.IntEncoding.SIGNED, 0, 32));
        int ch = b.add(new BtfType.Int("char", 1, BtfType.IntEncoding.CHAR, 0, 8));
        b.add(new BtfType.Int("_Bool", 1, BtfType.IntEncoding.BOOL, 0, 1));
        int odd = b.add(new BtfType.Int("odd", 16, BtfType.IntEncoding.NONE, 255, 128));
        int ptr = b.add(new BtfType.Ptr(0));
        int arr = b.add(new BtfType.Array(ch, i, 0xffff_ffffL));
        int s = b.add(new BtfType.Struct("s", 0xffff_ffffL, List.of(new BtfType.Member("a", i, 0xffff_ffffL), new BtfType.Member("", ptr, 64)), false));
        b.add(new BtfType.Struct("bits", 8, List.of(new BtfType.Member("x", i, 0xff_ffff, 255), new BtfType.Member("y", i, 3)), true));
        b.add(BtfType.Union.of("u", 4, new BtfType.Member("i", i, 0), new BtfType.Member("b", i, 0, 3)));
        b.add(new BtfType.Enum("e", 4, true, List.of(new BtfType.Enumerator("A", -1), new BtfType.Enumerator("B", Integer.MAX_VALUE))));
        b.add(new BtfType.Enum("", 1, false, List.of()));
        b.add(new BtfType.Enum64("e64", 8, false, List.of(new BtfType.Enumerator64("X", -1L), new BtfType.Enumerator64("Y", 1L << 40))));
        b.add(new BtfType.Fwd("later", BtfType.FwdKind.UNION));
        b.add(new BtfType.Fwd("soon", BtfType.FwdKind.STRUCT));
        int td = b.add(new BtfType.Typedef("my_int", i));
        int vol = b.add(new BtfType.Volatile(td));
        int cst = b.add(new BtfType.Const(vol));
        b.add(new BtfType.Restrict(ptr));
        int proto = b.add(new BtfType.FuncProto(i, List.of(new BtfType.Param("x", cst), BtfType.Param.VARARGS)));
        b.add(new BtfType.Func("f", proto, BtfType.FuncLinkage.EXTERN));
        int var = b.add(new BtfType.Var("v", s, BtfType.VarLinkage.STATIC));
        b.add(new BtfType.Datasec(".data", 12, List.of(new BtfType.VarSecinfo(var, 4, 8))));
        b.add(new BtfType.Float("double", 8));
        b.add(new BtfType.DeclTag("tag", s, 1));
        b.add(new BtfType.DeclTag("whole", var, -1));
        b.add(new BtfType.TypeTag("user", odd));
        b.add(new BtfType.Ptr(arr));
        return b.build();
    }

    @Test
    void everyKindRoundTripsThroughTheEncoding() {
        Btf btf = everyKind();
        assertEquals(BtfKind.values().length, btf.types().stream().map(BtfType::kind).distinct().count());
        assertEquals(btf, BtfDecoder.decode(BtfEncoder.encode(btf)));
    }

    @Test
    void theStringSectionHoldsEachNameOnceAfterTheEmptyString() {
        Btf.Builder b = Btf.builder();
        int i = b.add(new BtfType.Int("int", 4, BtfType.IntEncoding.SIGNED, 0, 32));
        b.add(new BtfType.Typedef("int", i));
        b.add(new BtfType.Var("int", i, BtfType.VarLinkage.GLOBAL));
        byte[] bytes = BtfEncoder.encode(b.build());
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        assertEquals(24, buf.getInt(4));
        int strOff = buf.getInt(16);
        int strLen = buf.getInt(20);
        assertEquals(5, strLen);
        assertEquals("\0int\0", new String(bytes, 24 + strOff, strLen, java.nio.charset.StandardCharsets.US_ASCII));
    }

    @Test
    void resolvesSizesThroughTypedefsModifiersAndArrays() {
        Btf.Builder b = Btf.builder();
        int i = b.add(new BtfType.Int("int", 4, BtfType.IntEncoding.SIGNED, 0, 32));
        int td = b.add(new BtfType.Typedef("t", i));
        int c = b.add(new BtfType.Const(td));
        int row = b.add(new BtfType.Array(c, i, 4));
        int matrix = b.add(new BtfType.Array(row, i, 3));
        int ptr = b.add(new BtfType.Ptr(matrix));
        int tag = b.add(new BtfType.TypeTag("user", ptr));
        int proto = b.add(new BtfType.FuncProto(0, List.of()));
        Btf btf = b.build();
        assertEquals(48, btf.sizeOf(matrix));
        assertEquals(4, btf.alignOf(matrix));
        assertEquals(8, btf.sizeOf(tag));
        assertEquals(i, btf.skipQualifiers(c));
        assertEquals("type [8] FUNC_PROTO is a FUNC_PROTO and has no size", assertThrows(BtfException.class, () -> btf.sizeOf(proto)).getMessage());
        assertThrows(BtfException.class, () -> btf.sizeOf(0));
    }

    @Test
    void anArrayTooLargeForFourGigabytesIsReported() {
        Btf.Builder b = Btf.builder();
        int i = b.add(new BtfType.Int("long", 8, BtfType.IntEncoding.SIGNED, 0, 64));
        int a = b.add(new BtfType.Array(i, i, 0xffff_ffffL));
        int aa = b.add(new BtfType.Array(a, i, 0xffff_ffffL));
        Btf btf = b.build();
        assertThrows(BtfException.class, () -> btf.sizeOf(a));
        assertThrows(BtfException.class, () -> btf.sizeOf(aa));
    }

    @Test
    void referenceLoopsAreRejectedWhenBuiltAndReportedNotFollowedWhileBuilding() {
        Btf.Builder selfPointer = Btf.builder();
        selfPointer.add(new BtfType.Ptr(1));
        assertEquals("type [1] PTR is part of a reference loop [1] -> [1]",
                assertThrows(BtfException.class, selfPointer::build).getMessage());

        Btf.Builder typedefs = Btf.builder();
        typedefs.add(new BtfType.Typedef("a", 2));
        typedefs.add(new BtfType.Typedef("b", 1));
        typedefs.add(new BtfType.Array(1, 1, 2));
        assertThrows(BtfException.class, () -> typedefs.sizeOf(3), "a loop while building is reported");
        assertThrows(BtfException.class, () -> typedefs.alignOf(3));
        assertEquals("type [1] TYPEDEF 'a' is part of a reference loop [1] -> [2] -> [1]",
                assertThrows(BtfException.class, typedefs::build).getMessage());

        Btf.Builder nested = Btf.builder();
        nested.add(BtfType.Struct.of("self", 4, new BtfType.Member("me", 1, 0)));
        assertThrows(BtfException.class, () -> nested.alignOf(1), "a struct holding itself is reported");
    }

    @Test
    void aStructMayPointToItself() {
        Btf.Builder b = Btf.builder();
        int node = b.add(BtfType.Struct.of("node", 8, new BtfType.Member("next", 2, 0)));
        b.add(new BtfType.Ptr(node));
        Btf btf = b.build();
        assertEquals(8, btf.sizeOf(node));
        assertEquals(8, btf.alignOf(node));
    }

    @Test
    void lookupsByIdAndByNameAndKind() {
        Btf btf = everyKind();
        int f = btf.findId(BtfKind.FUNC, "f").orElseThrow();
        assertEquals("f", btf.type(f, BtfType.Func.class).name());
        assertTrue(btf.findId(BtfKind.STRUCT, "f").isEmpty());
        assertThrows(BtfException.class, () -> btf.type(f, BtfType.Struct.class));
        assertThrows(BtfException.class, () -> btf.type(btf.typeCount() + 1));
        assertTrue(btf.type(btf.findId(BtfKind.FUNC_PROTO, "").orElseThrow(), BtfType.FuncProto.class).variadic());
    }

    @Test
    void recordsRejectWhatTheFormatCannotHold() {
        assertThrows(IllegalArgumentException.class, () -> new BtfType.Struct("s", 4, List.of(new BtfType.Member("b", 1, 0, 3)), false));
        assertThrows(IllegalArgumentException.class, () -> new BtfType.Struct("s", 4, List.of(new BtfType.Member("b", 1, 1 << 24, 3)), true));
        assertThrows(IllegalArgumentException.class, () -> new BtfType.Array(1, 1, 1L << 32));
        assertThrows(IllegalArgumentException.class, () -> new BtfType.Ptr(-1));
        assertThrows(IllegalArgumentException.class, () -> new BtfType.Int("i", 4, BtfType.IntEncoding.NONE, 0, 256));
    }

    @Test
    void decoderErrorsNameTheAbsoluteOffset() {
        byte[] good = BtfEncoder.encode(everyKind());
        byte[] file = new byte[100 + good.length];
        System.arraycopy(good, 0, file, 100, good.length);

        byte[] badMagic = file.clone();
        badMagic[100] = 0;
        FormatException magic = assertThrows(FormatException.class, () -> BtfDecoder.decode(ByteBuffer.wrap(badMagic, 100, good.length), 100));
        assertEquals(100, magic.offset());

        byte[] badKind = file.clone();
        badKind[100 + 24 + 7] = 31; // the first type's kind
        FormatException kind = assertThrows(FormatException.class, () -> BtfDecoder.decode(ByteBuffer.wrap(badKind, 100, good.length), 100));
        assertEquals(124, kind.offset());
        assertEquals("type [1]: unknown BTF kind 31", kind.problem());

        byte[] loop = BtfEncoder.encode(new Btf(List.of(new BtfType.Int("int", 4, BtfType.IntEncoding.SIGNED, 0, 32), new BtfType.Ptr(1))));
        loop[24 + 16 + 8] = 2; // PTR [2] -> [2]
        FormatException cycle = assertThrows(FormatException.class, () -> BtfDecoder.decode(loop));
        assertEquals(24 + 16, cycle.offset());

        FormatException truncated = assertThrows(FormatException.class, () -> BtfDecoder.decode(ByteBuffer.wrap(file, 100, 30), 100));
        assertTrue(truncated.offset() >= 100, truncated.getMessage());
    }
}
