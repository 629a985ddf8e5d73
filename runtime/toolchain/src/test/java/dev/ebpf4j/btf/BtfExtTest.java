package dev.ebpf4j.btf;

import dev.ebpf4j.testing.ExternalTool;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ebpf4j.binary.FormatException;
import java.io.IOException;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BtfExtTest {
    private static final Pattern FUNCTION_SYMBOL =
            Pattern.compile("^([0-9a-f]+)\\s+[lgw]\\s+F\\s+(\\S+)\\s+[0-9a-f]+\\s+(\\S+)$");

    /** Every function symbol llvm-objdump lists has a func_info for its FUNC at its first instruction. */
    @ParameterizedTest
    @ValueSource(strings = {"funcs", "kinds", "maps"})
    void everyFunctionHasFuncInfoAtItsFirstInstruction(String fixture) {
        ClangFixture f = ClangFixture.compile(fixture);
        ExternalTool.require("llvm-objdump-19");
        Btf btf = BtfDecoder.decode(f.btf());
        BtfExt ext = BtfExtDecoder.decode(f.btfExt(), f.btf());
        Map<String, String> funcInfoAt = new HashMap<>();
        for (BtfExt.Section<BtfExt.FuncInfo> s : ext.funcInfos()) {
            for (BtfExt.FuncInfo fi : s.records()) {
                funcInfoAt.put(s.name() + "+" + fi.insnOffset(), btf.type(fi.typeId(), BtfType.Func.class).name());
            }
        }
        int functions = 0;
        for (String line : f.run("llvm-objdump-19", "-t", f.name() + ".o").lines().toList()) {
            Matcher m = FUNCTION_SYMBOL.matcher(line);
            if (m.matches()) {
                functions++;
                String where = m.group(2) + "+" + Long.parseLong(m.group(1), 16);
                assertEquals(m.group(3), funcInfoAt.get(where), "func_info at " + where);
            }
        }
        assertTrue(functions > 0, "the fixture has functions");
        assertEquals(functions, funcInfoAt.size(), "one func_info per function symbol");
    }

    /** line_info names the fixture file and carries the text of the line it numbers, as in the source. */
    @Test
    void lineInfoMatchesTheFixtureSource() throws IOException {
        ClangFixture f = ClangFixture.compile("funcs");
        List<String> source = Files.readAllLines(f.source());
        BtfExt ext = BtfExtDecoder.decode(f.btfExt(), f.btf());
        assertEquals(ext.funcInfos().stream().map(BtfExt.Section::name).sorted().toList(),
                ext.lineInfos().stream().map(BtfExt.Section::name).sorted().toList());
        int checked = 0;
        for (BtfExt.Section<BtfExt.LineInfo> s : ext.lineInfos()) {
            int previous = -1;
            for (BtfExt.LineInfo li : s.records()) {
                assertTrue(li.fileName().endsWith("funcs.c"), li.fileName());
                assertEquals(source.get(li.line() - 1), li.lineText(), "line " + li.line() + " in " + s.name());
                // clang gives a function's opening line column 0; other columns point into the line.
                assertTrue(li.column() <= li.lineText().length() + 1, "column of " + li);
                assertEquals(0, li.insnOffset() % 8, "byte offsets of whole instructions");
                assertTrue(li.insnOffset() > previous, "sorted by instruction");
                previous = li.insnOffset();
                checked++;
            }
        }
        assertTrue(checked >= 5, "several line infos");
        BtfExt.LineInfo firstOfSecond = ext.lineInfos().stream().filter(s -> s.name().equals("tc")).findFirst().orElseThrow().records().getFirst();
        assertEquals(0, firstOfSecond.insnOffset());
        assertTrue(firstOfSecond.lineText().contains("square(4)"), firstOfSecond.lineText());
    }

    @ParameterizedTest
    @ValueSource(strings = {"funcs", "kinds"})
    void reencodingClangsSectionsDecodesToTheSameModel(String fixture) {
        ClangFixture f = ClangFixture.compile(fixture);
        Btf btf = BtfDecoder.decode(f.btf());
        BtfExt ext = BtfExtDecoder.decode(f.btfExt(), f.btf());
        BtfEncoder.Sections ours = BtfEncoder.encode(btf, ext);
        assertEquals(btf, BtfDecoder.decode(ours.btf()));
        assertEquals(ext, BtfExtDecoder.decode(ours.btfExt(), ours.btf()));
    }

    @Test
    void roundTripsAllThreeKindsOfRecordWithSharedStrings() {
        Btf.Builder b = Btf.builder();
        int i = b.add(new BtfType.Int("int", 4, BtfType.IntEncoding.SIGNED, 0, 32));
        int proto = b.add(new BtfType.FuncProto(i, List.of()));
        int func = b.add(new BtfType.Func("prog", proto, BtfType.FuncLinkage.GLOBAL));
        Btf btf = b.build();
        BtfExt ext = new BtfExt(
                List.of(new BtfExt.Section<>("xdp", List.of(new BtfExt.FuncInfo(0, func)))),
                List.of(new BtfExt.Section<>("xdp", List.of(
                        new BtfExt.LineInfo(0, "Prog.java", "int prog() {", 3, 5),
                        new BtfExt.LineInfo(16, "Prog.java", "return 2;", BtfExt.LineInfo.MAX_LINE, BtfExt.LineInfo.MAX_COLUMN)))),
                List.of(new BtfExt.Section<>("xdp", List.of(new BtfExt.CoreRelo(8, i, "0:1", 0)))));
        BtfEncoder.Sections s = BtfEncoder.encode(btf, ext);
        assertEquals(ext, BtfExtDecoder.decode(s.btfExt(), s.btf()));
        String strings = new String(s.btf(), java.nio.charset.StandardCharsets.ISO_8859_1);
        assertEquals(strings.indexOf("xdp\0"), strings.lastIndexOf("xdp\0"), "section name stored once");
        assertEquals(strings.indexOf("Prog.java\0"), strings.lastIndexOf("Prog.java\0"), "file name stored once");
        assertEquals(32, s.btfExt()[4], "header with the core_relo fields");
    }

    @Test
    void readsAHeaderWithoutCoreReloFieldsAndLargerRecords() {
        Btf btf = Btf.builder().build();
        byte[] strings = BtfEncoder.encode(btf);
        // hdr_len 24, func_info with 12-byte records (4 unknown trailing bytes), no line_info.
        byte[] ext = {
                (byte) 0x9f, (byte) 0xeb, 1, 0, 24, 0, 0, 0,
                0, 0, 0, 0, 24, 0, 0, 0, 24, 0, 0, 0, 0, 0, 0, 0,
                12, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0,
                16, 0, 0, 0, 0, 0, 0, 0, 7, 7, 7, 7};
        BtfExt decoded = BtfExtDecoder.decode(ext, strings);
        assertEquals(List.of(new BtfExt.Section<>("", List.of(new BtfExt.FuncInfo(16, 0)))), decoded.funcInfos());
        assertTrue(decoded.coreRelos().isEmpty());
    }

    @Test
    void rejectsARecordCountBeyondTheBlockWithItsOffset() {
        Btf btf = Btf.builder().build();
        byte[] strings = BtfEncoder.encode(btf);
        byte[] ext = {
                (byte) 0x9f, (byte) 0xeb, 1, 0, 24, 0, 0, 0,
                0, 0, 0, 0, 12, 0, 0, 0, 12, 0, 0, 0, 0, 0, 0, 0,
                8, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff};
        FormatException e = assertThrows(FormatException.class, () -> BtfExtDecoder.decode(
                java.nio.ByteBuffer.wrap(ext), 1000, java.nio.ByteBuffer.wrap(strings), 0));
        assertEquals(1000 + 32, e.offset());
        assertFalse(e.problem().isEmpty());
    }
}
