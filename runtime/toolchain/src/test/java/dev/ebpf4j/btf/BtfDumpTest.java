package dev.ebpf4j.btf;

import dev.ebpf4j.testing.ExternalTool;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Our dump of clang's BTF, and of our re-encoding of it, equals bpftool's line for line. */
class BtfDumpTest {
    @ParameterizedTest
    @ValueSource(strings = {"kinds", "maps", "funcs"})
    void dumpOfClangBtfEqualsBpftoolDumpOfTheRawSection(String fixture) {
        ClangFixture f = ClangFixture.compile(fixture);
        ExternalTool.require("bpftool");
        Btf btf = BtfDecoder.decode(f.btf());
        String expected = f.run("bpftool", "btf", "dump", "file", f.name() + ".btf");
        assertEquals(ClangFixture.lines(expected), ClangFixture.lines(BtfDump.dump(btf)));
    }

    /**
     * Given the object, bpftool may fix up DATASEC sizes and variable offsets from the ELF symbol
     * table (clang leaves zeros for libbpf to fill in); whether it does depends on its libbpf. So
     * every line must match exactly, except that a DATASEC header or variable line may differ in
     * its size and offset numbers only.
     */
    @ParameterizedTest
    @ValueSource(strings = {"kinds", "maps"})
    void dumpOfClangBtfEqualsBpftoolDumpOfTheObjectUpToDatasecFixups(String fixture) {
        ClangFixture f = ClangFixture.compile(fixture);
        ExternalTool.require("bpftool");
        List<String> expected = ClangFixture.lines(f.run("bpftool", "btf", "dump", "file", f.name() + ".o"));
        List<String> actual = ClangFixture.lines(BtfDump.dump(BtfDecoder.decode(f.btf())));
        assertEquals(expected.size(), actual.size());
        Pattern datasec = Pattern.compile("(\\[\\d+] DATASEC '[^']*' size=)\\d+( vlen=\\d+)");
        Pattern variable = Pattern.compile("(\ttype_id=\\d+ offset=)\\d+( size=)\\d+( \\(VAR '[^']*'\\))");
        for (int i = 0; i < expected.size(); i++) {
            String e = expected.get(i);
            String a = actual.get(i);
            if (e.equals(a)) {
                continue;
            }
            assertTrue(sameApartFromNumbers(datasec, e, a) || sameApartFromNumbers(variable, e, a),
                    "line " + (i + 1) + " differs beyond a DATASEC fix-up:\n  bpftool: " + e + "\n  ours:    " + a);
        }
    }

    private static boolean sameApartFromNumbers(Pattern p, String expected, String actual) {
        Matcher e = p.matcher(expected);
        Matcher a = p.matcher(actual);
        if (!e.matches() || !a.matches()) {
            return false;
        }
        for (int g = 1; g <= e.groupCount(); g++) {
            if (!e.group(g).equals(a.group(g))) {
                return false;
            }
        }
        return true;
    }

    @ParameterizedTest
    @ValueSource(strings = {"kinds", "maps", "funcs"})
    void ourEncodingOfClangBtfDecodesEqualAndBpftoolReadsItTheSame(String fixture) throws IOException {
        ClangFixture f = ClangFixture.compile(fixture);
        Btf btf = BtfDecoder.decode(f.btf());
        byte[] encoded = BtfEncoder.encode(btf);
        assertEquals(btf, BtfDecoder.decode(encoded));
        ExternalTool.require("bpftool");
        Path ours = f.directory().resolve(fixture + ".ours.btf");
        Files.write(ours, encoded);
        ours.toFile().deleteOnExit();
        String bpftool = f.run("bpftool", "btf", "dump", "file", ours.toString());
        assertEquals(ClangFixture.lines(BtfDump.dump(btf)), ClangFixture.lines(bpftool));
    }

    /** bpftool reads a section we built by hand, every kind and every encoding corner, as we print it. */
    @org.junit.jupiter.api.Test
    void bpftoolReadsOurEncodingOfEveryKindAsWeDumpIt() throws IOException {
        ExternalTool.require("bpftool");
        Btf btf = BtfTest.everyKind();
        Path file = Files.createTempFile("every-kind-", ".btf");
        file.toFile().deleteOnExit();
        Files.write(file, BtfEncoder.encode(btf));
        String bpftool = ExternalTool.require("bpftool").run("btf", "dump", "file", file.toString()).stdout();
        assertEquals(ClangFixture.lines(BtfDump.dump(btf)), ClangFixture.lines(bpftool));
    }
}
