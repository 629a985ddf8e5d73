package dev.ebpf4j.object;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ebpf4j.asm.Disassembler;
import dev.ebpf4j.asm.InstructionCodec;
import dev.ebpf4j.elf.ElfFile;
import dev.ebpf4j.testing.ExternalTool;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Listing code of any shape against llvm-objdump-19's listing of the same llvm-mc-19 object. */
class CodeListingTest {
    /**
     * Hand-written assembly in every shape llvm-mc keeps: labels without {@code .type} (NOTYPE),
     * a section with no symbol at all, a {@code .type @function} symbol, and symbols of other types
     * in code (which llvm-objdump shows as data, and which are labels all the same).
     */
    private static final String ASSEMBLY = """
                .text
                .globl helper
            helper:
                r0 = r1
                if r1 > 2 goto done
                r0 = 2
            done:
                exit
                .section xdp,"ax",@progbits
                .globl entry
            entry:
                r1 = 1
                call helper
                call 1
                goto skip
                r0 = 1
            skip:
                exit
                .section tc,"ax",@progbits
                r0 = 0
                exit
                .section socket,"ax",@progbits
                .globl typed
                .type typed,@function
            typed:
                r0 = 0
            again:
                if r0 == 0 goto again
                exit
                .section tracepoint/x,"ax",@progbits
                .globl blob
                .type blob,@object
            blob:
                r0 = 3
                exit
                .type thread_local,@tls_object
            thread_local:
                r0 = 4
                exit
            """;

    private static final Pattern SECTION = Pattern.compile("^Disassembly of section (.*):$");
    private static final Pattern LABEL = Pattern.compile("^([0-9a-f]{16}) <(.*)>:$");
    private static final Pattern INSTRUCTION = Pattern.compile("^\\s*(\\d+):\\t(.*)$");
    private static final Pattern DATA = Pattern.compile("^\\s*([0-9a-f]+): ((?:[0-9a-f]{2} )+)\\s*\\S*$");

    @TempDir
    Path dir;

    /** A section as llvm-objdump lists it: labels by byte offset, and each slot's line (text, or raw bytes for data). */
    record Dumped(Map<Long, String> labels, Map<Long, String> lines) {}

    @Test
    void listsEveryExecutableSectionAsLlvmObjdumpDoesWhateverItsSymbols() throws IOException {
        Path source = dir.resolve("shapes.s");
        Path object = dir.resolve("shapes.o");
        Files.writeString(source, ASSEMBLY);
        ExternalTool.require("llvm-mc-19").run("-triple", "bpfel", "-filetype=obj", source.toString(), "-o", object.toString());
        String dump = ExternalTool.require("llvm-objdump-19")
                .run("-d", "--no-show-raw-insn", "--no-print-imm-hex", object.toString()).stdout();
        Map<String, Dumped> theirs = parse(dump);

        CodeListing ours = CodeListing.of(ElfFile.read(object));
        assertEquals(List.copyOf(theirs.keySet()), ours.sections().stream().map(CodeListing.CodeSection::name).toList());
        for (CodeListing.CodeSection section : ours.sections()) {
            Dumped expected = theirs.get(section.name());
            Map<Long, String> labels = new LinkedHashMap<>();
            Map<Long, String> lines = new LinkedHashMap<>();
            for (CodeListing.Row row : section.rows()) {
                row.labels().stream().findFirst().ifPresent(label -> labels.put(row.offset(), label.name()));
                String text = Disassembler.formatAsObjdump(row.instruction());
                // llvm-objdump names the symbol a jump goes to; our targets hold it.
                String jump = row.targets().stream().filter(t -> !t.contains(" ")).map(t -> " <" + t + ">").findFirst().orElse("");
                lines.put(row.offset(), expected.lines().getOrDefault(row.offset(), "").endsWith(":data")
                        ? HexFormat.of().formatHex(InstructionCodec.encode(row.instruction())) + ":data"
                        : text + jump);
            }
            // llvm-objdump calls code before any symbol after its section; we print no label there.
            Map<Long, String> expectedLabels = new LinkedHashMap<>(expected.labels());
            expectedLabels.remove(0L, section.name());
            assertEquals(expectedLabels, labels, section.name());
            assertEquals(expected.lines(), lines, section.name());
        }
    }

    @Test
    void namesTheSymbolsOfEveryTypeAndTheProgramKindOfTheSection() throws IOException {
        Path source = dir.resolve("shapes.s");
        Path object = dir.resolve("shapes.o");
        Files.writeString(source, ASSEMBLY);
        ExternalTool.require("llvm-mc-19").run("-triple", "bpfel", "-filetype=obj", source.toString(), "-o", object.toString());
        CodeListing listing = CodeListing.of(ElfFile.read(object));
        Map<String, CodeListing.CodeSection> byName = new LinkedHashMap<>();
        listing.sections().forEach(s -> byName.put(s.name(), s));

        CodeListing.CodeSection xdp = byName.get("xdp");
        assertEquals(List.of(new CodeListing.Label("entry", false, true)), xdp.rows().getFirst().labels());
        assertEquals(List.of("call helper"), xdp.rows().get(1).targets());
        assertEquals(List.of(), xdp.rows().get(2).targets(), "a helper call points at no symbol");
        assertTrue(xdp.kind().isPresent());
        CodeListing.CodeSection socket = byName.get("socket");
        assertEquals(List.of(new CodeListing.Label("typed", true, true)), socket.rows().getFirst().labels());
        CodeListing.CodeSection tracepoint = byName.get("tracepoint/x");
        assertEquals(List.of(new CodeListing.Label("thread_local", false, false)), tracepoint.rows().get(2).labels());
        // Slots count from a function's start, and from the section's start where no function symbol says otherwise.
        assertEquals(List.of(0, 1, 2, 3), tracepoint.rows().stream().map(CodeListing.Row::slot).toList());
        assertEquals(List.of(), byName.get("tc").rows().getFirst().labels());
    }

    private static Map<String, Dumped> parse(String dump) {
        Map<String, Dumped> sections = new LinkedHashMap<>();
        Dumped current = null;
        for (String line : dump.lines().toList()) {
            Matcher m;
            if ((m = SECTION.matcher(line)).matches()) {
                current = new Dumped(new LinkedHashMap<>(), new LinkedHashMap<>());
                sections.put(m.group(1), current);
            } else if ((m = LABEL.matcher(line)).matches()) {
                current.labels().put(Long.parseLong(m.group(1), 16), m.group(2));
            } else if ((m = INSTRUCTION.matcher(line)).matches()) {
                current.lines().put(Long.parseLong(m.group(1)) * InstructionCodec.SLOT_BYTES, m.group(2));
            } else if ((m = DATA.matcher(line)).matches()) {
                // A symbol typed as data: llvm-objdump shows the bytes, 8 of them a line at a hex byte offset.
                current.lines().put(Long.parseLong(m.group(1), 16), m.group(2).replace(" ", "") + ":data");
            }
        }
        return sections;
    }
}
