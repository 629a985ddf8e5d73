package dev.ebpf4j.elf;

import static org.junit.jupiter.api.Assertions.fail;

import dev.ebpf4j.testing.ExternalTool;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What {@code llvm-readelf-19 --wide --sections --symbols --relocations} says about an object, parsed. */
record Readelf(List<SectionLine> sections, List<SymbolLine> symbols, Map<String, List<RelocationLine>> relocations,
               String warnings) {
    record SectionLine(int index, String name, String type, long offset, long size, long entsize, String flags,
                       int link, int info, long align) {}

    record SymbolLine(int index, long value, long size, String type, String bind, String visibility, String ndx,
                      String name) {}

    record RelocationLine(long offset, long info, String type, long symbolValue, String symbolName) {}

    private static final Pattern SECTION = Pattern.compile(
            "^\\s*\\[\\s*(\\d+)] (\\S*)\\s+(\\S+)\\s+[0-9a-f]{16} ([0-9a-f]+) ([0-9a-f]+) ([0-9a-f]+)\\s+([A-Za-z]*)\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)$");
    private static final Pattern RELOCATION_SECTION = Pattern.compile("^Relocation section '(.*)' at offset 0x[0-9a-f]+ contains (\\d+) entries:$");
    private static final Pattern RELOCATION = Pattern.compile(
            "^([0-9a-f]{16})\\s+([0-9a-f]{16})\\s+(\\S+)(?:\\s+([0-9a-f]{16})\\s+(.*))?$");
    private static final Pattern SYMBOL = Pattern.compile(
            "^\\s*(\\d+): ([0-9a-f]{16})\\s+(0x[0-9a-f]+|\\d+)\\s+(\\S+)\\s+(\\S+)\\s+(\\S+)\\s+(\\S+) ?(.*)$");

    static Readelf of(Path object) {
        ExternalTool readelf = ExternalTool.require("llvm-readelf-19");
        ExternalTool.Result result = readelf.run("--wide", "--sections", "--symbols", "--relocations", object.toString());
        List<SectionLine> sections = new ArrayList<>();
        List<SymbolLine> symbols = new ArrayList<>();
        Map<String, List<RelocationLine>> relocations = new LinkedHashMap<>();
        List<RelocationLine> currentRelocations = null;
        for (String line : result.stdout().split("\n")) {
            Matcher m;
            if ((m = SECTION.matcher(line)).matches()) {
                sections.add(new SectionLine(Integer.parseInt(m.group(1)), m.group(2), m.group(3), hex(m.group(4)),
                        hex(m.group(5)), hex(m.group(6)), m.group(7), Integer.parseInt(m.group(8)),
                        Integer.parseInt(m.group(9)), Long.parseLong(m.group(10))));
            } else if ((m = RELOCATION_SECTION.matcher(line)).matches()) {
                currentRelocations = new ArrayList<>();
                relocations.put(m.group(1), currentRelocations);
            } else if (currentRelocations != null && (m = RELOCATION.matcher(line)).matches()) {
                currentRelocations.add(new RelocationLine(hex(m.group(1)), Long.parseUnsignedLong(m.group(2), 16), m.group(3),
                        m.group(4) == null ? 0 : hex(m.group(4)), m.group(5) == null ? "" : m.group(5)));
            } else if ((m = SYMBOL.matcher(line)).matches()) {
                String size = m.group(3);
                symbols.add(new SymbolLine(Integer.parseInt(m.group(1)), Long.parseUnsignedLong(m.group(2), 16),
                        size.startsWith("0x") ? Long.parseUnsignedLong(size.substring(2), 16) : Long.parseLong(size),
                        m.group(4), m.group(5), m.group(6), m.group(7), m.group(8)));
            } else if (line.isBlank()) {
                currentRelocations = null;
            }
        }
        if (sections.isEmpty()) {
            fail("could not parse any section from llvm-readelf-19:\n" + result.stdout());
        }
        return new Readelf(sections, symbols, relocations, result.stderr());
    }

    private static long hex(String digits) {
        return Long.parseUnsignedLong(digits, 16);
    }
}
