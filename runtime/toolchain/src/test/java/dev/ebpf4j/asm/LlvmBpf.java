package dev.ebpf4j.asm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * LLVM 19's BPF tools as an oracle: assembles text with {@code llvm-mc-19 -triple bpfel -mcpu=v4
 * -filetype=obj} and reads the object back with {@code llvm-objdump-19}. Skips the calling test
 * (JUnit assumption, with the reason) when a tool is not on the PATH.
 */
final class LlvmBpf {

    /** One instruction as objdump shows it: its bytes, and its text without objdump's {@code <section+0x..>} annotation. */
    record Line(byte[] bytes, String text) {}

    private static final Pattern LINE = Pattern.compile("^\\s*\\d+:\\t([0-9a-f]{2}(?: [0-9a-f]{2})*)\\s*\\t(.*)$");
    private static final Pattern TEXT_LINE = Pattern.compile("^\\s*\\d+:\\t(.*)$");
    private static final Pattern SECTION = Pattern.compile("^Disassembly of section (.*):$");
    private static final Pattern BRANCH_ANNOTATION = Pattern.compile(" <[^<>]*>$");

    private LlvmBpf() {}

    /**
     * True if LLVM 19 prints the instruction without losing information and llvm-mc-19 reads that
     * text back to the same bytes; the rest must reach llvm-mc as raw bytes.
     */
    static boolean llvmRoundTrips(Instruction instruction) {
        return switch (instruction) {
            case Instruction.Call call -> call.kind() == CallKind.HELPER;
            case Instruction.LoadImm64 load -> load.source() == PseudoSource.IMM || load.imm() >>> 32 == 0;
            case Instruction.PacketLoad packet -> packet.index() == null || packet.imm() == 0;
            // llvm-mc 19 reads gotol offsets only as 16-bit numbers, though the field has 32 bits.
            case Instruction.Goto go -> go.offset() >= Short.MIN_VALUE && go.offset() <= Short.MAX_VALUE;
            default -> true;
        };
    }

    /** The instruction as an assembler line llvm-mc reads: its text where that round-trips, else {@code .byte}s. */
    static String llvmMcLine(Instruction instruction) {
        if (llvmRoundTrips(instruction)) {
            return Disassembler.format(instruction);
        }
        StringBuilder line = new StringBuilder(".byte ");
        byte[] bytes = InstructionCodec.encode(instruction);
        for (int i = 0; i < bytes.length; i++) {
            line.append(i == 0 ? "" : ", ").append(bytes[i] & 0xff);
        }
        return line.toString();
    }

    /** Assembles {@code source} with llvm-mc and disassembles every section: section name to its instructions. */
    static Map<String, List<Line>> assembleAndDump(String source) throws IOException, InterruptedException {
        String llvmMc = require("llvm-mc-19");
        String objdump = require("llvm-objdump-19");
        Path dir = Files.createTempDirectory("ebpf4j-llvm");
        try {
            Path input = dir.resolve("input.s");
            Path object = dir.resolve("input.o");
            Files.writeString(input, source);
            run(llvmMc, "-triple", "bpfel", "-mcpu=v4", "-filetype=obj", input.toString(), "-o", object.toString());
            return dump(objdump, object);
        } finally {
            try (var files = Files.list(dir)) {
                for (Path file : files.toList()) {
                    Files.delete(file);
                }
            }
            Files.delete(dir);
        }
    }

    /** What clang makes of a C file: the assembly text {@code -S} writes and the object {@code -c} writes, dumped. */
    record Compiled(String assembly, Map<String, List<Line>> object) {}

    /** Compiles C with {@code clang-19 -O2 -g0 -target bpf -mcpu=v4}, once to assembly text and once to an object. */
    static Compiled compile(String c) throws IOException, InterruptedException {
        String clang = require("clang-19");
        String objdump = require("llvm-objdump-19");
        Path dir = Files.createTempDirectory("ebpf4j-clang");
        try {
            Path input = dir.resolve("input.c");
            Path assembly = dir.resolve("input.s");
            Path object = dir.resolve("input.o");
            Files.writeString(input, c);
            run(clang, "-O2", "-g0", "-target", "bpf", "-mcpu=v4", "-S", "-o", assembly.toString(), input.toString());
            run(clang, "-O2", "-g0", "-target", "bpf", "-mcpu=v4", "-c", "-o", object.toString(), input.toString());
            return new Compiled(Files.readString(assembly), dump(objdump, object));
        } finally {
            try (var files = Files.list(dir)) {
                for (Path file : files.toList()) {
                    Files.delete(file);
                }
            }
            Files.delete(dir);
        }
    }

    private static Map<String, List<Line>> dump(String objdump, Path object) throws IOException, InterruptedException {
        List<String> dump = run(objdump, "-d", "--mcpu=v4", "--no-print-imm-hex", object.toString()).lines().toList();
        List<String> textDump = run(objdump, "-d", "--mcpu=v4", "--no-print-imm-hex", "--no-show-raw-insn",
                object.toString()).lines().toList();
        return parse(dump, textDump);
    }

    private static Map<String, List<Line>> parse(List<String> dump, List<String> textDump) {
        Map<String, List<byte[]>> bytes = new LinkedHashMap<>();
        List<String> current = null;
        List<byte[]> currentBytes = null;
        for (String line : dump) {
            Matcher section = SECTION.matcher(line);
            Matcher instruction = LINE.matcher(line);
            if (section.matches()) {
                currentBytes = bytes.computeIfAbsent(section.group(1), name -> new ArrayList<>());
            } else if (instruction.matches()) {
                currentBytes.add(HexFormat.of().parseHex(instruction.group(1).replace(" ", "")));
            }
        }
        Map<String, List<Line>> result = new LinkedHashMap<>();
        String sectionName = null;
        for (String line : textDump) {
            Matcher section = SECTION.matcher(line);
            Matcher instruction = TEXT_LINE.matcher(line);
            if (section.matches()) {
                sectionName = section.group(1);
                result.put(sectionName, new ArrayList<>());
            } else if (instruction.matches()) {
                List<Line> lines = result.get(sectionName);
                String text = BRANCH_ANNOTATION.matcher(instruction.group(1)).replaceFirst("");
                lines.add(new Line(bytes.get(sectionName).get(lines.size()), text));
            }
        }
        return result;
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor(), String.join(" ", command) + ":\n" + output);
        return output;
    }

    private static String require(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            File file = new File(dir, tool);
            if (file.canExecute()) {
                return file.getPath();
            }
        }
        assumeTrue(false, tool + " is not on the PATH; skipping the LLVM 19 oracle");
        return null;
    }
}
