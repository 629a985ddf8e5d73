package dev.ebpf4j.btf;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class DataSectionTest {
    @Test
    void alignsEachVariableAsItsTypeRequiresAndSizesTheSection() {
        Btf.Builder b = Btf.builder();
        int ch = b.add(new BtfType.Int("char", 1, BtfType.IntEncoding.SIGNED, 0, 8));
        int u64 = b.add(new BtfType.Int("unsigned long long", 8, BtfType.IntEncoding.NONE, 0, 64));
        int u16 = b.add(new BtfType.Int("unsigned short", 2, BtfType.IntEncoding.NONE, 0, 16));
        int name = b.add(new BtfType.Array(ch, u16, 5));
        int pair = b.add(BtfType.Struct.of("pair", 16, new BtfType.Member("a", u64, 0), new BtfType.Member("b", ch, 64)));
        int constU16 = b.add(new BtfType.Const(u16));
        DatasecLayout.Layout layout = DatasecLayout.add(b, ".data", List.of(
                new DatasecLayout.Variable("flag", ch, BtfType.VarLinkage.GLOBAL),
                new DatasecLayout.Variable("total", u64, BtfType.VarLinkage.GLOBAL),
                new DatasecLayout.Variable("label", name, BtfType.VarLinkage.STATIC),
                new DatasecLayout.Variable("port", constU16, BtfType.VarLinkage.GLOBAL),
                new DatasecLayout.Variable("last", pair, BtfType.VarLinkage.GLOBAL)));
        Btf btf = b.build();
        assertEquals(List.of(0L, 8L, 16L, 22L, 24L), layout.variables().stream().map(DatasecLayout.Placed::offset).toList());
        assertEquals(List.of(1L, 8L, 5L, 2L, 16L), layout.variables().stream().map(DatasecLayout.Placed::size).toList());
        assertEquals(40, layout.size());
        BtfType.Datasec ds = btf.type(layout.datasecId(), BtfType.Datasec.class);
        assertEquals(".data", ds.name());
        assertEquals(40, ds.size());
        assertEquals(new BtfType.VarSecinfo(layout.variables().get(3).varId(), 22, 2), ds.vars().get(3));
        assertEquals(new BtfType.Var("label", name, BtfType.VarLinkage.STATIC), btf.type(layout.variables().get(2).varId()));
    }

    @Test
    void anEmptySectionHasSizeZero() {
        Btf.Builder b = Btf.builder();
        DatasecLayout.Layout layout = DatasecLayout.add(b, ".bss", List.of());
        assertEquals(new BtfType.Datasec(".bss", 0, List.of()), b.build().type(layout.datasecId()));
    }
}
