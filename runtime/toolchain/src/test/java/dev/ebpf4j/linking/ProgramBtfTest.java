package dev.ebpf4j.linking;

import static org.junit.jupiter.api.Assertions.*;

import dev.ebpf4j.btf.BtfDecoder;
import dev.ebpf4j.btf.BtfKind;
import dev.ebpf4j.btf.BtfType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProgramBtfTest {
    @Test
    void funcInfoCountsSlotsAndNamesTheFuncOfEachFunction() {
        var object = TestObjects.counter();
        var linked = Linker.linkAll(object);
        ProgramBtf btf = ProgramBtf.of(object, linked);
        ByteBuffer func = ByteBuffer.wrap(btf.programs().get("entry").funcInfo()).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(3 * ProgramBtf.FUNC_INFO_SIZE, func.capacity());
        var program = linked.getFirst();
        for (int i = 0; i < 3; i++) {
            var function = program.functions().get(i);
            assertEquals(program.slotOf(function), func.getInt(i * 8), function.name());
            assertEquals(object.btf().findId(BtfKind.FUNC, function.name()).getAsInt(), func.getInt(i * 8 + 4));
        }
        assertEquals(List.of(), btf.notes());
    }

    @Test
    void lineInfoStringsPointIntoTheBlobThatIsLoaded() {
        var object = TestObjects.counter();
        var linked = Linker.linkAll(object);
        ProgramBtf btf = ProgramBtf.of(object, linked);
        ByteBuffer blob = ByteBuffer.wrap(btf.btf()).order(ByteOrder.LITTLE_ENDIAN);
        int strings = blob.getInt(4) + blob.getInt(16);
        ByteBuffer lines = ByteBuffer.wrap(btf.programs().get("entry").lineInfo()).order(ByteOrder.LITTLE_ENDIAN);
        var code = linked.getFirst().code();
        assertEquals(code.lines().size() * ProgramBtf.LINE_INFO_SIZE, lines.capacity());
        for (int i = 0; i < code.lines().size(); i++) {
            var mark = code.lines().get(i);
            assertEquals(code.slotOf(mark.instructionIndex()), lines.getInt(i * 16));
            assertEquals(mark.line().file(), string(btf.btf(), strings + lines.getInt(i * 16 + 4)));
            assertEquals(mark.line().text(), string(btf.btf(), strings + lines.getInt(i * 16 + 8)));
            assertEquals(mark.line().line(), lines.getInt(i * 16 + 12) >>> 10);
        }
    }

    @Test
    void clangStyleZeroDatasecsAreSizedFromTheObject() {
        var object = TestObjects.counter();
        var b = dev.ebpf4j.btf.Btf.builder();
        for (BtfType t : object.btf().types()) {
            b.add(t instanceof BtfType.Datasec d
                    ? new BtfType.Datasec(d.name(), 0, d.vars().stream().map(v -> new BtfType.VarSecinfo(v.type(), 0, 0)).toList())
                    : t);
        }
        var zeroed = new dev.ebpf4j.object.BpfObject(object.license(), 0, object.programs(), object.maps(), object.dataSections(), b.build());
        var fixed = BtfDecoder.decode(ProgramBtf.of(zeroed, Linker.linkAll(zeroed)).btf());
        var bss = fixed.type(fixed.findId(BtfKind.DATASEC, ".bss").getAsInt(), BtfType.Datasec.class);
        assertEquals(12, bss.size());
        assertEquals(List.of(0L, 8L), bss.vars().stream().map(BtfType.VarSecinfo::offset).toList());
        assertEquals(List.of(8L, 4L), bss.vars().stream().map(BtfType.VarSecinfo::size).toList());
    }

    @Test
    void aFunctionWithoutFuncTypeDropsFuncInfoWithANote() {
        var object = TestObjects.counter();
        var b = dev.ebpf4j.btf.Btf.builder();
        object.btf().types().forEach(t -> b.add(t instanceof BtfType.Func f && f.name().equals("three")
                ? new BtfType.Func("other", f.type(), f.linkage()) : t));
        var renamed = new dev.ebpf4j.object.BpfObject(object.license(), 0, object.programs(), object.maps(), object.dataSections(), b.build());
        ProgramBtf btf = ProgramBtf.of(renamed, Linker.linkAll(renamed));
        assertNull(btf.programs().get("entry").funcInfo());
        assertNotNull(btf.programs().get("entry").lineInfo());
        assertTrue(btf.notes().getFirst().contains("three"), btf.notes().toString());
    }

    private static String string(byte[] blob, int offset) {
        int end = offset;
        while (blob[end] != 0) {
            end++;
        }
        return new String(blob, offset, end - offset, StandardCharsets.UTF_8);
    }
}
